using System.Collections.Immutable;
using HqSam.Core.Editing;
using HqSam.Core.Prompts;
using PaintDotNet;
using PaintDotNet.Effects;
using PaintDotNet.IndirectUI;
using PaintDotNet.PropertySystem;
using PaintDotNet.Rendering;

namespace HqSam.Plugin;

/// <summary>
/// The dialog: properties in, <see cref="EditorSettings"/> out. The only place that knows property
/// names and types; the geometry (pan values → pixels, selection → box) is host-neutral.
/// </summary>
internal static class DialogProperties
{
    private static readonly (PropertyNames Point, PropertyNames On, bool Positive, bool DefaultOn, string Label)[] Points =
    [
        (PropertyNames.Point1, PropertyNames.Point1On, true, true, "Object point 1"),
        (PropertyNames.Point2, PropertyNames.Point2On, true, false, "Object point 2"),
        (PropertyNames.Point3, PropertyNames.Point3On, true, false, "Object point 3"),
        (PropertyNames.Negative1, PropertyNames.Negative1On, false, false, "Exclude point 1"),
        (PropertyNames.Negative2, PropertyNames.Negative2On, false, false, "Exclude point 2"),
    ];

    /// <param name="models">The model choices (<see cref="ModelHost.Choices"/>), the default first; their labels are the drop-down's values.</param>
    public static PropertyCollection Create(bool hasSelection, IReadOnlyList<(string? Directory, string Label)>? models = null)
    {
        var properties = new List<Property>();
        foreach (var p in Points)
        {
            properties.Add(new DoubleVectorProperty(p.Point, new Vector2Double(0, 0), new Vector2Double(-1, -1), new Vector2Double(1, 1)));
            properties.Add(new BooleanProperty(p.On, p.DefaultOn));
        }

        // "Refine the current selection" is on by default exactly when there is one to refine.
        properties.Add(new BooleanProperty(PropertyNames.UseSelection, hasSelection));
        properties.Add(StaticListChoiceProperty.CreateForEnum(PropertyNames.MaskChoice, MaskOption.HighQuality, false));
        properties.Add(new BooleanProperty(PropertyNames.Refine, false));
        properties.Add(StaticListChoiceProperty.CreateForEnum(PropertyNames.Output, OutputMode.Cutout, false));
        properties.Add(new BooleanProperty(PropertyNames.Invert, false));
        properties.Add(Whole(PropertyNames.SoftEdge, SelectionOptionRanges.SoftEdge));
        properties.Add(Whole(PropertyNames.Feather, SelectionOptionRanges.Feather));
        properties.Add(Whole(PropertyNames.Grow, SelectionOptionRanges.Grow));
        properties.Add(Whole(PropertyNames.RemoveSpecks, SelectionOptionRanges.RemoveSpecks));
        properties.Add(Whole(PropertyNames.FillHoles, SelectionOptionRanges.FillHoles));
        properties.Add(new BooleanProperty(PropertyNames.CopySelection, false));
        properties.Add(Whole(PropertyNames.EdgeRefinement, SelectionOptionRanges.EdgeStrengthPercent));
        properties.Add(StaticListChoiceProperty.CreateForEnum(PropertyNames.Zoom, ZoomOption.WhenEncodingIsFast, false));
        object[] labels = models is { Count: > 0 } ? [.. models.Select(m => m.Label)] : [ModelHost.DefaultChoice];
        properties.Add(new StaticListChoiceProperty(PropertyNames.Model, labels, 0, false));
        return new PropertyCollection(properties);
    }

    private static Int32Property Whole(PropertyNames name, OptionRange range) => new(name, range.Default, range.Minimum, range.Maximum);

    /// <param name="underlay">The layer over the pickers' bounds, shown under each point picker.</param>
    public static void Describe(ControlInfo ui, object? underlay)
    {
        foreach (var p in Points)
        {
            ui.SetPropertyControlType(p.Point, PropertyControlType.PanAndSlider);
            if (underlay is not null)
            {
                ui.SetPropertyControlValue(p.Point, ControlInfoPropertyNames.StaticImageUnderlay, underlay);
            }

            ui.SetPropertyControlValue(p.Point, ControlInfoPropertyNames.DisplayName, p.Label);
            ui.SetPropertyControlValue(p.On, ControlInfoPropertyNames.DisplayName, string.Empty);
            ui.SetPropertyControlValue(p.On, ControlInfoPropertyNames.Description, "Use " + p.Label.ToLowerInvariant());
        }

        ui.SetPropertyControlValue(PropertyNames.UseSelection, ControlInfoPropertyNames.DisplayName, "Hints");
        ui.SetPropertyControlValue(PropertyNames.UseSelection, ControlInfoPropertyNames.Description, "Refine the current selection (use it as a box)");
        ui.SetPropertyControlValue(PropertyNames.MaskChoice, ControlInfoPropertyNames.DisplayName, "Mask");
        ui.SetPropertyControlValue(PropertyNames.Refine, ControlInfoPropertyNames.DisplayName, string.Empty);
        ui.SetPropertyControlValue(PropertyNames.Refine, ControlInfoPropertyNames.Description, "Refine from the previous mask");
        ui.SetPropertyControlValue(PropertyNames.Output, ControlInfoPropertyNames.DisplayName, "Output");
        ui.SetPropertyControlValue(PropertyNames.Invert, ControlInfoPropertyNames.DisplayName, string.Empty);
        ui.SetPropertyControlValue(PropertyNames.Invert, ControlInfoPropertyNames.Description, "Invert");
        ui.SetPropertyControlValue(PropertyNames.SoftEdge, ControlInfoPropertyNames.DisplayName, SelectionOptionRanges.SoftEdge.Label);
        ui.SetPropertyControlValue(PropertyNames.Feather, ControlInfoPropertyNames.DisplayName, SelectionOptionRanges.Feather.Label);
        ui.SetPropertyControlValue(PropertyNames.Grow, ControlInfoPropertyNames.DisplayName, SelectionOptionRanges.Grow.Label);
        ui.SetPropertyControlValue(PropertyNames.RemoveSpecks, ControlInfoPropertyNames.DisplayName, SelectionOptionRanges.RemoveSpecks.Label);
        ui.SetPropertyControlValue(PropertyNames.FillHoles, ControlInfoPropertyNames.DisplayName, SelectionOptionRanges.FillHoles.Label);
        ui.SetPropertyControlValue(PropertyNames.EdgeRefinement, ControlInfoPropertyNames.DisplayName, SelectionOptionRanges.EdgeStrengthPercent.Label);
        ui.SetPropertyControlValue(PropertyNames.Zoom, ControlInfoPropertyNames.DisplayName, "Look closer at small objects (one more encode per object)");
        ui.SetPropertyControlValue(PropertyNames.Model, ControlInfoPropertyNames.DisplayName, "Model");
        ui.SetPropertyControlValue(PropertyNames.CopySelection, ControlInfoPropertyNames.DisplayName, "Selection");
        ui.SetPropertyControlValue(PropertyNames.CopySelection, ControlInfoPropertyNames.Description, "Copy the result as a selection (after OK, press Ctrl+Alt+Shift+V)");
    }

    /// <summary>Whether the result also goes onto the clipboard as a Paint.NET selection.</summary>
    public static bool ReadCopySelection(PropertyBasedEffectConfigToken token) => Get<BooleanProperty>(token, PropertyNames.CopySelection).Value;

    /// <param name="pickerBounds">What the pan controls span: the selection bounds, or the canvas.</param>
    /// <param name="models">The choices the dialog offered: the chosen label names the model's folder (a label no longer offered: the default model).</param>
    public static EditorSettings Read(PropertyBasedEffectConfigToken token, PixelRect pickerBounds, BoxPrompt? selectionBox, IReadOnlyList<(string? Directory, string Label)>? models = null)
    {
        var points = ImmutableArray.CreateBuilder<PointPrompt>();
        foreach (var p in Points)
        {
            if (Get<BooleanProperty>(token, p.On).Value)
            {
                Vector2Double v = Get<DoubleVectorProperty>(token, p.Point).Value;
                points.Add(DialogGeometry.ToPoint(v.X, v.Y, pickerBounds, p.Positive));
            }
        }

        return new EditorSettings
        {
            Points = points.ToImmutable(),
            SelectionBounds = selectionBox,
            UseSelectionAsBox = Get<BooleanProperty>(token, PropertyNames.UseSelection).Value,
            Mask = ((MaskOption)Get<StaticListChoiceProperty>(token, PropertyNames.MaskChoice).Value).ToChoice(),
            RefineFromPrevious = Get<BooleanProperty>(token, PropertyNames.Refine).Value,
            Output = (OutputMode)Get<StaticListChoiceProperty>(token, PropertyNames.Output).Value,
            Invert = Get<BooleanProperty>(token, PropertyNames.Invert).Value,
            Feather = Get<Int32Property>(token, PropertyNames.Feather).Value,
            SoftEdge = Get<Int32Property>(token, PropertyNames.SoftEdge).Value,
            Grow = Get<Int32Property>(token, PropertyNames.Grow).Value,
            RemoveSpecks = Get<Int32Property>(token, PropertyNames.RemoveSpecks).Value,
            FillHoles = Get<Int32Property>(token, PropertyNames.FillHoles).Value,
            EdgeStrength = Get<Int32Property>(token, PropertyNames.EdgeRefinement).Value / 100f,
            Zoom = ((ZoomOption)Get<StaticListChoiceProperty>(token, PropertyNames.Zoom).Value).ToZoomMode(),
            Model = ChosenModel(Get<StaticListChoiceProperty>(token, PropertyNames.Model).Value, models),
        };
    }

    /// <summary>The folder of the model whose label was chosen; null for the default, or a label no longer offered.</summary>
    private static string? ChosenModel(object? label, IReadOnlyList<(string? Directory, string Label)>? models) =>
        models?.FirstOrDefault(m => Equals(m.Label, label)).Directory;

    /// <summary>
    /// A property this effect created: Paint.NET's <c>GetProperty</c> returns null for a name it does
    /// not hold, which for our own token can only be a programming error, so it says which.
    /// </summary>
    private static T Get<T>(PropertyBasedEffectConfigToken token, object name)
        where T : Property =>
        token.GetProperty<T>(name) ?? throw new InvalidOperationException($"the token has no {typeof(T).Name} named '{name}'");
}
