using HqSam.Core.Contract;
using HqSam.Core.Editing;
using HqSam.Core.Masks;
using HqSam.Core.Prompts;
using HqSam.Interop.Onnx;
using HqSam.Plugin;
using HqSam.TestModels;
using HqSam.Tests.Support;
using PaintDotNet;
using PaintDotNet.Effects;
using PaintDotNet.Facade;
using PaintDotNet.IndirectUI;
using PaintDotNet.PropertySystem;
using PaintDotNet.Rendering;

namespace HqSam.Tests.Plugin;

/// <summary>The Paint.NET adapter, compiled against the facade and driven the way the host drives it.</summary>
[TestClass]
public sealed class SmartSelectEffectTests
{
    private const int W = 320, H = 240;

    // Each test's own model host (MSTest makes an instance per test): the test model, unless a test says otherwise.
    private ModelHost _models = new(() => TestModelPair.Model);

    [TestMethod]
    public void OneClickCutsOutTheObjectAcrossManyTilesAndThreads()
    {
        Scene scene = Scene.Standard();
        using var host = new FakePaintDotNetHost(scene.Render(W, H));
        var errors = new RecordingErrorPresenter();
        (SmartSelectEffect effect, PropertyCollection props) = Open(host, errors);

        // Point 1 is on by default; aim it at the disc in pan coordinates ([-1, 1] over the canvas).
        (float cx, float cy) = scene.Centre(0, W, H);
        props[PropertyNames.Point1]!.Value = Pair.Create(((cx + 0.5) / W * 2) - 1, ((cy + 0.5) / H * 2) - 1);
        effect.HostInitializeRenderInfo(new HostEnvironment.RenderInfo());
        RenderToken(effect, props, host, 37);

        Assert.IsEmpty(errors.Messages);
        Assert.IsGreaterThanOrEqualTo(0.95, MaskMetrics.IoU(host.OutputAlpha(), scene.Truth(0, W, H)));
        Assert.DoesNotContain((byte)0xCD, host.OutputAlpha(), "every pixel written");
    }

    [TestMethod]
    public void RefiningASelectionIsOnByDefaultOnlyWhenThereIsOne()
    {
        Scene scene = Scene.Standard();
        using (var none = new FakePaintDotNetHost(scene.Render(W, H)))
        {
            var effect = new SmartSelectEffect(new RecordingErrorPresenter(), models: _models);
            effect.HostAttach(none);
            Assert.IsFalse((bool)effect.HostCreatePropertyCollection()[PropertyNames.UseSelection]!.Value!);
        }

        // A rough selection around the green rectangle, no points: the effect refines it.
        var rough = new RectInt32((int)(0.55 * W), (int)(0.18 * H), (int)(0.38 * W), (int)(0.64 * H));
        using var host = new FakePaintDotNetHost(scene.Render(W, H), rough);
        (SmartSelectEffect refine, PropertyCollection props) = Open(host, new RecordingErrorPresenter());
        Assert.IsTrue((bool)props[PropertyNames.UseSelection]!.Value!);
        props[PropertyNames.Point1On]!.Value = false;
        refine.HostInitializeRenderInfo(new HostEnvironment.RenderInfo());
        refine.HostSetToken(new PropertyBasedEffectConfigToken(props));
        foreach (IBitmapEffectOutput tile in host.Tiles(64))
        {
            refine.HostRender(tile);
        }

        Assert.IsGreaterThanOrEqualTo(0.95, MaskMetrics.IoU(host.OutputAlpha(), scene.Truth(1, W, H)));
    }

    [TestMethod]
    public void EveryOptionReachesTheSettings()
    {
        PropertyCollection props = DialogPropertiesCreate(hasSelection: true);
        var bounds = new PixelRect(10, 20, 100, 50);
        props[PropertyNames.Point1]!.Value = Pair.Create(-1.0, -1.0);
        props[PropertyNames.Point2On]!.Value = true;
        props[PropertyNames.Point2]!.Value = Pair.Create(1.0, 1.0);
        props[PropertyNames.Point3On]!.Value = true;
        props[PropertyNames.Negative1On]!.Value = true;
        props[PropertyNames.Negative1]!.Value = Pair.Create(0.0, 0.0);
        props[PropertyNames.Negative2On]!.Value = true;
        props[PropertyNames.UseSelection]!.Value = false;
        props[PropertyNames.MaskChoice]!.Value = MaskOption.Sam2;
        props[PropertyNames.Refine]!.Value = true;
        props[PropertyNames.Output]!.Value = OutputMode.Tint;
        props[PropertyNames.Invert]!.Value = true;
        props[PropertyNames.Feather]!.Value = 7;
        props[PropertyNames.SoftEdge]!.Value = 5;
        props[PropertyNames.RemoveSpecks]!.Value = 1200;
        props[PropertyNames.FillHoles]!.Value = 3400;
        props[PropertyNames.Grow]!.Value = -3;
        props[PropertyNames.EdgeRefinement]!.Value = 150;
        var box = new BoxPrompt(10, 20, 110, 70);

        EditorSettings s = ReadSettings(props, bounds, box);
        CollectionAssert.AreEqual(
            new[] { new PointPrompt(10, 20), new PointPrompt(109, 69), new PointPrompt(60, 45), new PointPrompt(60, 45, false), new PointPrompt(60, 45, false) },
            s.Points.ToArray());
        Assert.AreEqual(box, s.SelectionBounds);
        Assert.IsFalse(s.UseSelectionAsBox);
        Assert.AreEqual(MaskChoice.OfIndex(2), s.Mask);
        Assert.IsTrue(s.RefineFromPrevious);
        Assert.AreEqual(OutputMode.Tint, s.Output);
        Assert.IsTrue(s.Invert);
        Assert.AreEqual(7, s.Feather);
        Assert.AreEqual(5, s.SoftEdge);
        Assert.AreEqual((1200, 3400), (s.RemoveSpecks, s.FillHoles));
        Assert.AreEqual(-3, s.Grow);
        Assert.AreEqual(1.5f, s.EdgeStrength);

        foreach (MaskOption option in Enum.GetValues<MaskOption>())
        {
            props[PropertyNames.MaskChoice]!.Value = option;
            Assert.AreEqual(option switch
            {
                MaskOption.HighQuality => MaskChoice.Hq,
                MaskOption.BestScoring => MaskChoice.Best,
                MaskOption.HighQualityPlusBest => MaskChoice.HqPlusBest,
                MaskOption.Sam0 => MaskChoice.OfIndex(0),
                MaskOption.Sam1 => MaskChoice.OfIndex(1),
                _ => MaskChoice.OfIndex(2),
            }, ReadSettings(props, bounds, box).Mask);
        }
    }

    [TestMethod]
    public void CopyAsSelectionPutsTheOutlineOnTheClipboard()
    {
        Scene scene = Scene.Standard();
        using var host = new FakePaintDotNetHost(scene.Render(W, H));
        var clipboard = new RecordingClipboard();
        (SmartSelectEffect effect, PropertyCollection props) = Open(host, new RecordingErrorPresenter(), clipboard);
        (float cx, float cy) = scene.Centre(1, W, H);
        props[PropertyNames.Point1]!.Value = Pair.Create(((cx + 0.5) / W * 2) - 1, ((cy + 0.5) / H * 2) - 1);
        effect.HostInitializeRenderInfo(new HostEnvironment.RenderInfo());

        RenderToken(effect, props, host, 64);
        Assert.IsEmpty(clipboard.Texts, "off by default");

        props[PropertyNames.CopySelection]!.Value = true;
        RenderToken(effect, props, host, 64);
        string text = clipboard.Texts.Single();
        StringAssert.StartsWith(text, "{\"polygonList\":[\"");
        using var doc = System.Text.Json.JsonDocument.Parse(text);
        var polygons = doc.RootElement.GetProperty("polygonList").EnumerateArray()
            .Select(e => new HqSam.Core.Selection.Polygon([.. e.GetString()!.Split(',').Select(int.Parse)])).ToList();
        byte[] pasted = HqSam.Core.Selection.PolygonRasterizer.Fill(polygons, W, H);
        Assert.IsGreaterThanOrEqualTo(0.95, MaskMetrics.IoU(pasted, scene.Truth(1, W, H)));
        Assert.IsGreaterThanOrEqualTo(0.99, MaskMetrics.IoU(pasted, host.OutputAlpha()), "the pasted selection is what was cut out");
    }

    [TestMethod]
    public void AClipboardFailureIsShown()
    {
        using var host = new FakePaintDotNetHost(Scene.Standard().Render(W, H));
        var errors = new RecordingErrorPresenter();
        var clipboard = new RecordingClipboard { Failure = "the clipboard is in use by another program" };
        (SmartSelectEffect effect, PropertyCollection props) = Open(host, errors, clipboard);
        props[PropertyNames.CopySelection]!.Value = true;
        effect.HostInitializeRenderInfo(new HostEnvironment.RenderInfo());
        RenderToken(effect, props, host, 64);
        StringAssert.Contains(errors.Messages.Single(), "the selection could not be copied: the clipboard is in use");

        // The same failure on the next token is not shown again (each distinct message once).
        RenderToken(effect, props, host, 64);
        Assert.HasCount(1, errors.Messages);

        // Nor after another failure came between (A, B, A: two dialogs, not three).
        clipboard.Failure = "access denied";
        RenderToken(effect, props, host, 64);
        clipboard.Failure = "the clipboard is in use by another program";
        RenderToken(effect, props, host, 64);
        Assert.HasCount(2, errors.Messages, string.Join(" | ", errors.Messages));
        StringAssert.Contains(errors.Messages[1], "access denied");
    }

    [TestMethod]
    public void TheDialogDescribesItsControls()
    {
        var effect = new SmartSelectEffect(new RecordingErrorPresenter(), models: _models);
        using var host = new FakePaintDotNetHost(Scene.Standard().Render(40, 30));
        effect.HostAttach(host);
        ControlInfo ui = effect.HostCreateConfigUI(effect.HostCreatePropertyCollection());
        Assert.AreEqual(PropertyControlType.PanAndSlider, ui.Types[nameof(PropertyNames.Point1)]);
        Assert.AreEqual("Feather (px)", ui.Values[(nameof(PropertyNames.Feather), ControlInfoPropertyNames.DisplayName)]);
        var underlay = (PaintDotNet.Facade.Clipper<PaintDotNet.Imaging.ColorBgra32>)ui.Values[(nameof(PropertyNames.Point1), ControlInfoPropertyNames.StaticImageUnderlay)]!;
        Assert.AreEqual(new RectInt32(0, 0, 40, 30), underlay.Rect, "the whole layer without a selection");
    }

    [TestMethod]
    public void TheModelListOffersTheStoresModelsAndTheChosenOneRenders()
    {
        // A store holding a plain SAM 2.1 pair beside the default model.
        var store = new HqSam.Core.Models.ModelStore(TestModelPair.NewFolder("dialog-store"));
        string plainFolder = TestModelPair.WriteVariant(new TestModelOptions { PlainSam = true });
        store.Import(plainFolder, "small", family: ModelFamily.Sam21);
        using OnnxSamModel plain = OnnxSamModel.Load(store.DirectoryOf("small"));
        var asked = new List<string>();
        _models = new ModelHost(() => TestModelPair.Model, folder =>
        {
            asked.Add(folder);
            return plain;
        }, () => store);

        Scene scene = Scene.Standard();
        using var host = new FakePaintDotNetHost(scene.Render(W, H));
        (SmartSelectEffect effect, PropertyCollection props) = Open(host, new RecordingErrorPresenter());
        var list = (StaticListChoiceProperty)props[PropertyNames.Model]!;
        CollectionAssert.AreEqual(new object[] { ModelHost.DefaultChoice, "small (SAM 2.1)" }, list.HostChoices.ToArray());
        Assert.AreEqual(ModelHost.DefaultChoice, list.Value, "the default model unless the user chooses");

        (float cx, float cy) = scene.Centre(0, W, H);
        props[PropertyNames.Point1]!.Value = Pair.Create(((cx + 0.5) / W * 2) - 1, ((cy + 0.5) / H * 2) - 1);
        props[PropertyNames.Model]!.Value = "small (SAM 2.1)";
        effect.HostInitializeRenderInfo(new HostEnvironment.RenderInfo());
        RenderToken(effect, props, host, 64);
        CollectionAssert.AreEqual(new[] { store.DirectoryOf("small") }, asked);
        EditorSettings read = ReadSettings(props, new PixelRect(0, 0, W, H), null);
        RenderState expected = new EditorSession(plain, new HqSam.Core.Caching.EmbeddingCache()).Update(scene.Render(W, H), read with { Model = store.DirectoryOf("small") });
        CollectionAssert.AreEqual(expected.Coverage?.ToArray(), effect.LastState!.Coverage?.ToArray(), "rendered with the chosen model");
    }

    [TestMethod]
    public void AMissingModelIsShownOnceAndTheLayerIsLeftAsItWas()
    {
        _models = new ModelHost(() => throw new ModelFileException("/nowhere/models", "no HQ-SAM model found"));
        using var host = new FakePaintDotNetHost(Scene.Standard().Render(W, H));
        var errors = new RecordingErrorPresenter();
        (SmartSelectEffect effect, PropertyCollection props) = Open(host, errors);
        effect.HostInitializeRenderInfo(new HostEnvironment.RenderInfo());
        for (int token = 0; token < 2; token++)
        {
            RenderToken(effect, props, host, 50);
        }

        CollectionAssert.AreEqual(host.SourcePixels, host.OutputPixels, "layer untouched");
        Assert.HasCount(1, errors.Messages, "shown once, not per tile or per token");
        StringAssert.Contains(errors.Messages[0], "no HQ-SAM model found");
    }

    [TestMethod]
    public void ABrokenModelIsShownAndTheLayerIsLeftAsItWas()
    {
        string dir = TestModelPair.WriteVariant(new TestModelOptions { NaNLogits = true });
        _models = new ModelHost(() => OnnxSamModel.Load(dir));
        using var host = new FakePaintDotNetHost(Scene.Standard().Render(W, H));
        var errors = new RecordingErrorPresenter();
        (SmartSelectEffect effect, PropertyCollection props) = Open(host, errors);
        effect.HostInitializeRenderInfo(new HostEnvironment.RenderInfo());
        RenderToken(effect, props, host, 64);
        CollectionAssert.AreEqual(host.SourcePixels, host.OutputPixels);
        StringAssert.Contains(errors.Messages.Single(), "non-finite");
    }

    [TestMethod]
    public void ACancelledRenderWritesNothingAndIsNotRemembered()
    {
        using var host = new FakePaintDotNetHost(Scene.Standard().Render(W, H));
        var errors = new RecordingErrorPresenter();
        (SmartSelectEffect effect, PropertyCollection props) = Open(host, errors);
        effect.HostInitializeRenderInfo(new HostEnvironment.RenderInfo());
        effect.HostSetToken(new PropertyBasedEffectConfigToken(props));
        effect.HostCancel();
        foreach (IBitmapEffectOutput tile in host.Tiles(64))
        {
            effect.HostRender(tile); // must return quietly
        }

        effect.FlushHostCalls();

        // The encode stopped: that pass is not kept as the answer for these settings (the next pass
        // computes the mask) and is not an error to show.
        Assert.IsNull(effect.LastState, "a cancelled pass is not remembered");
        Assert.IsEmpty(errors.Messages, "a cancel is not an error: " + string.Join(" | ", errors.Messages));

        // Paint.NET throws a cancelled pass's tiles away: none was written to (the host's fill stays).
        Assert.IsFalse(host.OutputPixels.AsSpan().ContainsAnyExcept((byte)0xCD), "a cancelled render wrote to its tiles");
    }

    /// <summary>What the host does when the user opens the effect: create it, attach it, build its properties.</summary>
    private (SmartSelectEffect Effect, PropertyCollection Props) Open(FakePaintDotNetHost host, IErrorPresenter errors, ISelectionClipboard? clipboard = null)
    {
        var effect = new SmartSelectEffect(errors, clipboard, _models);
        effect.HostAttach(host);
        return (effect, effect.HostCreatePropertyCollection());
    }

    /// <summary>What the host does per dialog tweak: set the token, then render every tile on many threads.</summary>
    internal static void RenderToken(SmartSelectEffect effect, PropertyCollection props, FakePaintDotNetHost host, int tile)
    {
        effect.HostSetToken(new PropertyBasedEffectConfigToken(props));
        Parallel.ForEach(host.Tiles(tile), new ParallelOptions { MaxDegreeOfParallelism = 8 }, effect.HostRender);
        effect.FlushHostCalls(); // messages and the clipboard wait for the UI side (no UI context in these tests)
    }

    private static PropertyCollection DialogPropertiesCreate(bool hasSelection) => DialogProperties.Create(hasSelection);

    private static EditorSettings ReadSettings(PropertyCollection props, PixelRect bounds, BoxPrompt? box) =>
        DialogProperties.Read(new PropertyBasedEffectConfigToken(props), bounds, box);
}
