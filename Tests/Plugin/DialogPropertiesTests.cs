using HqSam.Core.Editing;
using HqSam.Plugin;
using PaintDotNet;
using PaintDotNet.Effects;
using PaintDotNet.Facade;
using PaintDotNet.IndirectUI;
using PaintDotNet.PropertySystem;
using PaintDotNet.Rendering;

namespace HqSam.Tests.Plugin;

/// <summary>
/// The property dialog as Paint.NET builds it from <see cref="DialogProperties"/>: what each control
/// starts at, what it lets the user change, and the words beside it.
/// </summary>
[TestClass]
public sealed class DialogPropertiesTests
{
    private static readonly PropertyNames[] Pickers = [PropertyNames.Point1, PropertyNames.Point2, PropertyNames.Point3, PropertyNames.Negative1, PropertyNames.Negative2];

    [TestMethod]
    public void EachControlStartsWhereANewUserExpects()
    {
        PropertyCollection props = DialogProperties.Create(hasSelection: false);
        // One object point to aim, the rest off; plain output, nothing inverted or carried over.
        CollectionAssert.AreEqual(
            new object[] { true, false, false, false, false },
            new[] { PropertyNames.Point1On, PropertyNames.Point2On, PropertyNames.Point3On, PropertyNames.Negative1On, PropertyNames.Negative2On }.Select(n => props[n]!.Value).ToArray());
        foreach (PropertyNames picker in Pickers)
        {
            Assert.AreEqual(new Vector2Double(0, 0), ((DoubleVectorProperty)props[picker]!).Value, $"{picker} starts in the middle");
        }

        Assert.AreEqual(MaskOption.HighQuality, props[PropertyNames.MaskChoice]!.Value);
        Assert.AreEqual(OutputMode.Cutout, props[PropertyNames.Output]!.Value);
        Assert.AreEqual(ZoomOption.WhenEncodingIsFast, props[PropertyNames.Zoom]!.Value);
        Assert.AreEqual(ModelHost.DefaultChoice, props[PropertyNames.Model]!.Value);
        foreach (PropertyNames off in (PropertyNames[])[PropertyNames.Refine, PropertyNames.Invert, PropertyNames.CopySelection, PropertyNames.UseSelection])
        {
            Assert.IsFalse((bool)props[off]!.Value!, $"{off} starts off");
        }
    }

    [TestMethod]
    public void EveryPickerSpansTheWholeCanvasAndEveryListCanBeChanged()
    {
        PropertyCollection props = DialogProperties.Create(hasSelection: true);
        foreach (PropertyNames picker in Pickers)
        {
            var p = (DoubleVectorProperty)props[picker]!;
            Assert.AreEqual((new Vector2Double(-1, -1), new Vector2Double(1, 1)), (p.HostMinValues, p.HostMaxValues), $"{picker}: the pan control's [-1, 1] is the picker's bounds edge to edge");
        }

        foreach (StaticListChoiceProperty list in props.OfType<StaticListChoiceProperty>())
        {
            Assert.IsFalse(list.HostReadOnly, $"{list.Name} is a choice the user makes");
        }

        Assert.HasCount(4, props.OfType<StaticListChoiceProperty>(), "mask, output, zoom and model");
    }

    [TestMethod]
    public void EveryControlSaysWhatItDoes()
    {
        PropertyCollection props = DialogProperties.Create(hasSelection: false);
        var ui = new DefaultControlInfo(props);
        DialogProperties.Describe(ui, underlay: null);
        string? Text(PropertyNames name, ControlInfoPropertyNames what) => ui.Values.TryGetValue((name.ToString(), what), out object? v) ? (string?)v : null;

        // Paint.NET shows a property's name where no display name is set: every control has one.
        foreach (Property p in props)
        {
            Assert.IsTrue(ui.Values.ContainsKey((p.Name, ControlInfoPropertyNames.DisplayName)), $"{p.Name} would show its internal name");
        }

        // A check box under a picker or a heading has no heading of its own; its text says what it does.
        (PropertyNames Box, string Text)[] boxes =
        [
            (PropertyNames.Point1On, "Use object point 1"), (PropertyNames.Point2On, "Use object point 2"), (PropertyNames.Point3On, "Use object point 3"),
            (PropertyNames.Negative1On, "Use exclude point 1"), (PropertyNames.Negative2On, "Use exclude point 2"),
            (PropertyNames.Refine, "Refine from the previous mask"), (PropertyNames.Invert, "Invert"),
        ];
        foreach ((PropertyNames box, string text) in boxes)
        {
            Assert.AreEqual((string.Empty, text), (Text(box, ControlInfoPropertyNames.DisplayName), Text(box, ControlInfoPropertyNames.Description)), box.ToString());
        }

        // Headings: the pickers, the groups, and every option the click dialog and the CLI share under one label.
        (PropertyNames Control, string Heading)[] headings =
        [
            (PropertyNames.Point1, "Object point 1"), (PropertyNames.Point2, "Object point 2"), (PropertyNames.Point3, "Object point 3"),
            (PropertyNames.Negative1, "Exclude point 1"), (PropertyNames.Negative2, "Exclude point 2"),
            (PropertyNames.UseSelection, "Hints"), (PropertyNames.MaskChoice, "Mask"), (PropertyNames.Output, "Output"),
            (PropertyNames.Zoom, "Look closer at small objects (one more encode per object)"), (PropertyNames.Model, "Model"),
            (PropertyNames.CopySelection, "Selection"),
            (PropertyNames.SoftEdge, SelectionOptionRanges.SoftEdge.Label), (PropertyNames.Feather, SelectionOptionRanges.Feather.Label),
            (PropertyNames.Grow, SelectionOptionRanges.Grow.Label), (PropertyNames.RemoveSpecks, SelectionOptionRanges.RemoveSpecks.Label),
            (PropertyNames.FillHoles, SelectionOptionRanges.FillHoles.Label), (PropertyNames.EdgeRefinement, SelectionOptionRanges.EdgeStrengthPercent.Label),
        ];
        foreach ((PropertyNames control, string heading) in headings)
        {
            Assert.AreEqual(heading, Text(control, ControlInfoPropertyNames.DisplayName), control.ToString());
        }

        Assert.AreEqual("Refine the current selection (use it as a box)", Text(PropertyNames.UseSelection, ControlInfoPropertyNames.Description));
        Assert.AreEqual("Copy the result as a selection (after OK, press Ctrl+Alt+Shift+V)", Text(PropertyNames.CopySelection, ControlInfoPropertyNames.Description));
        Assert.HasCount(props.Count(), headings.Select(h => h.Control).Concat(boxes.Select(b => b.Box)).Distinct(), "every property is described above");
    }

    [TestMethod]
    public void WithNoModelsToListTheModelChoiceIsTheDefault()
    {
        foreach (IReadOnlyList<(string? Directory, string Label)>? models in new[] { null, Array.Empty<(string?, string)>() })
        {
            var list = (StaticListChoiceProperty)DialogProperties.Create(false, models)[PropertyNames.Model]!;
            CollectionAssert.AreEqual(new object[] { ModelHost.DefaultChoice }, list.HostChoices.ToArray());
        }
    }

    [TestMethod]
    public void AModelLabelNoLongerOfferedReadsAsTheDefaultModel()
    {
        // A token saved while a model was in the store, read after it was removed.
        (string? Directory, string Label)[] models = [(null, ModelHost.DefaultChoice), ("/store/small", "small (SAM 2.1)")];
        PropertyCollection props = DialogProperties.Create(false, models);
        var bounds = new PixelRect(0, 0, 10, 10);

        props[PropertyNames.Model]!.Value = "small (SAM 2.1)";
        Assert.AreEqual("/store/small", DialogProperties.Read(new PropertyBasedEffectConfigToken(props), bounds, null, models).Model);
        props[PropertyNames.Model]!.Value = "tiny (SAM 2.1)";
        Assert.IsNull(DialogProperties.Read(new PropertyBasedEffectConfigToken(props), bounds, null, models).Model);
        Assert.IsNull(DialogProperties.Read(new PropertyBasedEffectConfigToken(props), bounds, null, models: null).Model);
    }

    [TestMethod]
    public void AMissingPropertyIsNamedNotANullReference()
    {
        var token = new PropertyBasedEffectConfigToken(new PropertyCollection([]));
        var e = Assert.ThrowsExactly<InvalidOperationException>(() => DialogProperties.ReadCopySelection(token));
        Assert.AreEqual("the token has no BooleanProperty named 'CopySelection'", e.Message);
    }
}
