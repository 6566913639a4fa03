using System.Collections.Immutable;
using HqSam.Core.Editing;
using HqSam.Core.Prompts;
using PaintDotNet;
using PaintDotNet.Effects;
using PaintDotNet.IndirectUI;
using PaintDotNet.PropertySystem;

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

    public static PropertyCollection Create(bool hasSelection)
    {
        var properties = new List<Property>();
        foreach (var p in Points)
        {
            properties.Add(new DoubleVectorProperty(p.Point, Pair.Create(0.0, 0.0), Pair.Create(-1.0, -1.0), Pair.Create(1.0, 1.0)));
            properties.Add(new BooleanProperty(p.On, p.DefaultOn));
        }

        // "Refine the current selection" is on by default exactly when there is one to refine.
        properties.Add(new BooleanProperty(PropertyNames.UseSelection, hasSelection));
        properties.Add(StaticListChoiceProperty.CreateForEnum(PropertyNames.MaskChoice, MaskOption.HighQuality, false));
        properties.Add(new BooleanProperty(PropertyNames.Refine, false));
        properties.Add(StaticListChoiceProperty.CreateForEnum(PropertyNames.Output, OutputMode.Cutout, false));
        properties.Add(new BooleanProperty(PropertyNames.Invert, false));
        properties.Add(new Int32Property(PropertyNames.Feather, 0, 0, 50));
        properties.Add(new Int32Property(PropertyNames.Grow, 0, -50, 50));
        properties.Add(new BooleanProperty(PropertyNames.CopySelection, false));
        properties.Add(new Int32Property(PropertyNames.EdgeRefinement, 100, 0, 200));
        properties.Add(StaticListChoiceProperty.CreateForEnum(PropertyNames.LookCloser, LookCloserOption.WhenEncodingIsFast, false));
        return new PropertyCollection(properties);
    }

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
        ui.SetPropertyControlValue(PropertyNames.Feather, ControlInfoPropertyNames.DisplayName, "Feather (px)");
        ui.SetPropertyControlValue(PropertyNames.Grow, ControlInfoPropertyNames.DisplayName, "Grow / shrink (px)");
        ui.SetPropertyControlValue(PropertyNames.EdgeRefinement, ControlInfoPropertyNames.DisplayName, "Edge refinement (%)");
        ui.SetPropertyControlValue(PropertyNames.LookCloser, ControlInfoPropertyNames.DisplayName, "Look closer at small objects (one more encode per object)");
        ui.SetPropertyControlValue(PropertyNames.CopySelection, ControlInfoPropertyNames.DisplayName, "Selection");
        ui.SetPropertyControlValue(PropertyNames.CopySelection, ControlInfoPropertyNames.Description, "Copy the result as a selection (after OK, press Ctrl+Alt+Shift+V)");
    }

    /// <summary>Whether the result also goes onto the clipboard as a Paint.NET selection.</summary>
    public static bool ReadCopySelection(PropertyBasedEffectConfigToken token) => token.GetProperty<BooleanProperty>(PropertyNames.CopySelection).Value;

    /// <param name="pickerBounds">What the pan controls span: the selection bounds, or the canvas.</param>
    public static EditorSettings Read(PropertyBasedEffectConfigToken token, PixelRect pickerBounds, BoxPrompt? selectionBox)
    {
        var points = ImmutableArray.CreateBuilder<PointPrompt>();
        foreach (var p in Points)
        {
            if (token.GetProperty<BooleanProperty>(p.On).Value)
            {
                Pair<double, double> v = token.GetProperty<DoubleVectorProperty>(p.Point).Value;
                points.Add(DialogGeometry.ToPoint(v.First, v.Second, pickerBounds, p.Positive));
            }
        }

        return new EditorSettings
        {
            Points = points.ToImmutable(),
            SelectionBounds = selectionBox,
            UseSelectionAsBox = token.GetProperty<BooleanProperty>(PropertyNames.UseSelection).Value,
            Mask = ((MaskOption)token.GetProperty<StaticListChoiceProperty>(PropertyNames.MaskChoice).Value).ToChoice(),
            RefineFromPrevious = token.GetProperty<BooleanProperty>(PropertyNames.Refine).Value,
            Output = (OutputMode)token.GetProperty<StaticListChoiceProperty>(PropertyNames.Output).Value,
            Invert = token.GetProperty<BooleanProperty>(PropertyNames.Invert).Value,
            Feather = token.GetProperty<Int32Property>(PropertyNames.Feather).Value,
            Grow = token.GetProperty<Int32Property>(PropertyNames.Grow).Value,
            EdgeStrength = token.GetProperty<Int32Property>(PropertyNames.EdgeRefinement).Value / 100f,
            Zoom = ((LookCloserOption)token.GetProperty<StaticListChoiceProperty>(PropertyNames.LookCloser).Value).ToZoomMode(),
        };
    }
}
