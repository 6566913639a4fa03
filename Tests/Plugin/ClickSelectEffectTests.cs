using HqSam.Core.Caching;
using HqSam.Core.Contract;
using HqSam.Core.Editing;
using HqSam.Core.Masks;
using HqSam.Core.Prompts;
using HqSam.Plugin;
using HqSam.Tests.Support;
using PaintDotNet.Effects;
using PaintDotNet.Facade;

namespace HqSam.Tests.Plugin;

/// <summary>
/// The click dialog's effect, driven the way Paint.NET drives it: the dialog (its host-neutral
/// controller) makes the mask, the token carries it, the effect renders it; without one (Repeat,
/// another layer) the effect makes it from the token's settings.
/// </summary>
[TestClass]
public sealed class ClickSelectEffectTests
{
    private const int W = 320, H = 240;

    private static readonly Scene Standard = Scene.Standard();

    // The model the effects of a test render with (MSTest makes an instance per test).
    private ModelHost _models = new(() => throw new HqSam.Core.HqSamException("this test chose no model"));

    [TestMethod]
    public async Task TheDialogsMaskIsRenderedWithoutDecodingAgain()
    {
        using var model = new CountingModel(TestModelPair.Model);
        UseModel(model);
        using var host = new FakePaintDotNetHost(Standard.Render(W, H));
        ClickSelectToken token = await ClickInDialog(host, model, Standard.Centre(0, W, H));
        Assert.IsNotNull(token.Finished);
        int decodes = model.Decodes, encodes = model.Encodes;

        ClickSelectEffect effect = Open(host, new RecordingErrorPresenter());
        Render(effect, (ClickSelectToken)token.Clone(), host);

        CollectionAssert.AreEqual(token.Finished.State.Coverage?.ToArray(), host.OutputAlpha(), "exactly the dialog's mask");
        Assert.AreEqual((decodes, encodes), (model.Decodes, model.Encodes), "rendering copied; it did not run the model");
        Assert.IsGreaterThanOrEqualTo(0.95, MaskMetrics.IoU(host.OutputAlpha(), Standard.Truth(0, W, H)));
    }

    [TestMethod]
    public void RepeatMakesTheMaskFromTheTokensSettings()
    {
        UseModel(TestModelPair.Model);
        using var host = new FakePaintDotNetHost(Standard.Render(W, H));
        (float x, float y) = Standard.Centre(1, W, H);
        var token = new ClickSelectToken { Settings = new EditorSettings { Points = [new PointPrompt(x, y)], Output = OutputMode.Mask } };

        ClickSelectEffect effect = Open(host, new RecordingErrorPresenter());
        Render(effect, token, host);
        Assert.AreEqual(OutputMode.Mask, effect.LastState!.Output);
        Assert.IsGreaterThanOrEqualTo(0.95, MaskMetrics.IoU(effect.LastState.Coverage, Standard.Truth(1, W, H)));
        Assert.AreEqual(effect.LastState.Coverage!.Pixels[((int)y * W) + (int)x], host.OutputPixels[(((int)y * W) + (int)x) * 4], "grayscale mask written");
    }

    [TestMethod]
    public void TheModelChosenInTheDialogRendersTheToken()
    {
        // The token names a model folder (the click dialog's choice): the effect renders with that model, and switches back.
        using HqSam.Interop.Onnx.OnnxSamModel plainLoaded = HqSam.Interop.Onnx.OnnxSamModel.Load(TestModelPair.WriteVariant(new HqSam.TestModels.TestModelOptions { PlainSam = true }));
        using var plain = new CountingModel(plainLoaded);
        var asked = new List<string>();
        _models = new ModelHost(() => TestModelPair.Model, folder =>
        {
            asked.Add(folder);
            return plain;
        });
        using var host = new FakePaintDotNetHost(Standard.Render(W, H));
        (float x, float y) = Standard.Centre(0, W, H);
        var settings = new EditorSettings { Points = [new PointPrompt(x, y)], Output = OutputMode.Mask, Model = "/models/sam21-small" };

        ClickSelectEffect effect = Open(host, new RecordingErrorPresenter());
        Render(effect, new ClickSelectToken { Settings = settings }, host);
        CollectionAssert.AreEqual(new[] { "/models/sam21-small" }, asked);
        Assert.AreEqual(1, plain.Encodes);
        RenderState expected = new EditorSession(plainLoaded, new EmbeddingCache()).Update(Standard.Render(W, H), settings);
        CollectionAssert.AreEqual(expected.Coverage?.ToArray(), effect.LastState!.Coverage?.ToArray());

        Render(effect, new ClickSelectToken { Settings = settings with { Model = null } }, host);
        Assert.AreEqual(1, plain.Encodes, "the default model made this one");
        Assert.IsGreaterThanOrEqualTo(0.95, MaskMetrics.IoU(effect.LastState!.Coverage, Standard.Truth(0, W, H)));
    }

    [TestMethod]
    public async Task AMaskMadeForOtherPixelsIsNotUsed()
    {
        UseModel(TestModelPair.Model);
        // The dialog ran on one picture; the effect renders on another with the same size.
        using var before = new FakePaintDotNetHost(Standard.Render(W, H));
        ClickSelectToken token = await ClickInDialog(before, TestModelPair.Model, Standard.Centre(0, W, H));
        Scene moved = new Scene(205, 212, 222).Ellipse(0.7, 0.5, 0.16, 0.2, 215, 40, 35);
        using var after = new FakePaintDotNetHost(moved.Render(W, H));

        // The click (at the old disc's centre) now hits background: the effect decodes it on the new pixels.
        ClickSelectEffect effect = Open(after, new RecordingErrorPresenter());
        Render(effect, token, after);
        Assert.AreNotSame(token.Finished!.State, effect.LastState);
        Assert.IsLessThan(0.05, MaskMetrics.IoU(after.OutputAlpha(), moved.Truth(0, W, H)), "not the stale disc, and not the new disc either");
        Assert.IsLessThan(0.2, MaskMetrics.IoU(token.Finished.State.Coverage, after.OutputAlpha()));

        // What it wrote is the same click decoded on the new pixels (a blank output would not do).
        RenderState fresh = new EditorSession(TestModelPair.Model, new HqSam.Core.Caching.EmbeddingCache()).Update(moved.Render(W, H), token.Settings);
        Assert.IsGreaterThan(1000, MaskMetrics.Count(fresh.Coverage!), "the click selects something there");
        Assert.IsGreaterThanOrEqualTo(0.99, MaskMetrics.IoU(fresh.Coverage, after.OutputAlpha()));
    }

    [TestMethod]
    public void AChangedSettingIsNotAnsweredWithTheOldMask()
    {
        UseModel(TestModelPair.Model);
        using var host = new FakePaintDotNetHost(Standard.Render(W, H));
        (float x, float y) = Standard.Centre(0, W, H);
        var settings = new EditorSettings { Points = [new PointPrompt(x, y)] };
        var stale = RenderState.ForMask(new Mask(W, H), OutputMode.Cutout); // "nothing selected"
        var token = new ClickSelectToken
        {
            Settings = settings with { Grow = 2 },
            Finished = new FinishedMask(settings, EmbeddingKey.HashContent(Standard.Render(W, H)), stale),
        };

        ClickSelectEffect effect = Open(host, new RecordingErrorPresenter());
        Render(effect, token, host);
        Assert.IsGreaterThanOrEqualTo(0.9, MaskMetrics.IoU(host.OutputAlpha(), Standard.Truth(0, W, H)));
    }

    [TestMethod]
    public void TheTokenClonesEverythingItCarries()
    {
        var finished = new FinishedMask(new EditorSettings(), 7, RenderState.ForMask(Mask.Wrap([255], 1, 1), OutputMode.Tint));
        var token = new ClickSelectToken { Settings = finished.Settings, CopySelection = true, Finished = finished };
        var clone = (ClickSelectToken)token.Clone();
        Assert.AreNotSame(token, clone);
        Assert.AreSame(token.Settings, clone.Settings);
        Assert.AreSame(token.Finished, clone.Finished);
        Assert.IsTrue(clone.CopySelection);
    }

    [TestMethod]
    public async Task CopyAsSelectionWorksFromTheClickDialogToo()
    {
        UseModel(TestModelPair.Model);
        using var host = new FakePaintDotNetHost(Standard.Render(W, H));
        ClickSelectToken token = await ClickInDialog(host, TestModelPair.Model, Standard.Centre(1, W, H));
        token.CopySelection = true;
        var clipboard = new RecordingClipboard();
        ClickSelectEffect effect = Open(host, new RecordingErrorPresenter(), clipboard);
        Render(effect, token, host);
        byte[] pasted = HqSam.Core.Selection.PolygonRasterizer.Fill(ParsePolygons(clipboard.Texts.Single()), W, H);
        Assert.IsGreaterThanOrEqualTo(0.99, MaskMetrics.IoU(pasted, host.OutputAlpha()));
    }

    private void UseModel(ISamModel model) => _models = new ModelHost(() => model);

    /// <summary>What the dialog does: open on the host's layer and selection, encode, take one click, hand over its token.</summary>
    private static async Task<ClickSelectToken> ClickInDialog(FakePaintDotNetHost host, ISamModel model, (float X, float Y) at)
    {
        var layer = new HqSam.Core.Imaging.BgraImage(host.Width, host.Height, host.SourcePixels);
        using var dialog = new ClickDialogController(layer, model, cache: new EmbeddingCache());
        await dialog.SetViewport(800, 600);
        await dialog.StartEncoding();
        (double vx, double vy) = dialog.View.ImageToView(at.X + 0.5, at.Y + 0.5);
        dialog.View.MouseDown(vx, vy, MouseButton.Left);
        Assert.IsTrue(dialog.View.MouseUp(vx, vy));
        await dialog.PromptChanged();
        await dialog.WhenIdle();
        return new ClickSelectToken { Settings = dialog.Settings, Finished = dialog.Result };
    }

    private ClickSelectEffect Open(FakePaintDotNetHost host, IErrorPresenter errors, ISelectionClipboard? clipboard = null)
    {
        var effect = new ClickSelectEffect(errors, clipboard, _models);
        effect.HostAttach(host);
        effect.HostInitializeRenderInfo(new HostEnvironment.RenderInfo());
        return effect;
    }

    private static void Render(ClickSelectEffect effect, ClickSelectToken token, FakePaintDotNetHost host)
    {
        effect.HostSetToken(token);
        Parallel.ForEach(host.Tiles(64), new ParallelOptions { MaxDegreeOfParallelism = 8 }, effect.HostRender);
        effect.FlushHostCalls(); // messages and the clipboard wait for the UI side (no UI context in these tests)
    }

    private static List<HqSam.Core.Selection.Polygon> ParsePolygons(string text)
    {
        using var doc = System.Text.Json.JsonDocument.Parse(text);
        return [.. doc.RootElement.GetProperty("polygonList").EnumerateArray().Select(e => new HqSam.Core.Selection.Polygon([.. e.GetString()!.Split(',').Select(int.Parse)]))];
    }
}
