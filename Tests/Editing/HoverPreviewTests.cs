using HqSam.Core.Caching;
using HqSam.Core.Contract;
using HqSam.Core.Editing;
using HqSam.Core.Imaging;
using HqSam.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace HqSam.Tests.Editing;

/// <summary>
/// The click dialog's hover preview, driven like the canvas drives it, on a fake clock: a pointer at
/// rest shows the object's outline, one that moves costs nothing, the click that follows takes the
/// preview's decode, and a machine too slow for it turns it off and says so.
/// </summary>
[TestClass]
public sealed class HoverPreviewTests
{
    private const int W = 320, H = 240, ViewW = 400, ViewH = 300;

    private static readonly Scene Standard = Scene.Standard();

    [TestMethod]
    public async Task APointerAtRestOutlinesTheObjectWithoutSelectingIt()
    {
        var time = new FakeTimeProvider();
        using var model = new CountingModel(TestModelPair.Model);
        using ClickDialogController dialog = await Opened(model, time);
        int decodes = model.Decodes, before = HoverPixels(dialog.Frame!);
        Assert.AreEqual(0, before, "no preview yet");

        (double vx, double vy) = ViewOf(dialog, Standard.Centre(0, W, H));
        dialog.Hover(vx, vy);
        time.Advance(HoverPreview.Rest - TimeSpan.FromMilliseconds(1));
        await dialog.WhenIdle();
        Assert.AreEqual(decodes, model.Decodes, "not before the pointer has rested");

        time.Advance(TimeSpan.FromMilliseconds(1));
        await dialog.WhenIdle();
        Assert.AreEqual(decodes + 1, model.Decodes, "one preview decode");
        Assert.IsGreaterThan(20, HoverPixels(dialog.Frame!), "the object's outline is drawn");
        Assert.IsNull(dialog.Result, "nothing is selected by a hover");
        Assert.IsTrue(dialog.Settings.Points.IsEmpty);

        // Off the layer's object and back out of the view: the outline goes.
        dialog.HoverEnded();
        await dialog.WhenIdle();
        Assert.AreEqual(0, HoverPixels(dialog.Frame!));
    }

    [TestMethod]
    public async Task APointerThatKeepsMovingQueuesNoWork()
    {
        var time = new FakeTimeProvider();
        using var model = new CountingModel(TestModelPair.Model);
        using ClickDialogController dialog = await Opened(model, time);
        int decodes = model.Decodes;
        for (int i = 0; i < 40; i++)
        {
            (double vx, double vy) = ViewOf(dialog, (20 + (i * 7), 30 + (i * 4)));
            dialog.Hover(vx, vy);
            time.Advance(TimeSpan.FromMilliseconds(50)); // never at rest for the 120 ms a preview needs
        }

        await dialog.WhenIdle();
        Assert.AreEqual(decodes, model.Decodes);
        Assert.AreEqual(0, HoverPixels(dialog.Frame!));
    }

    [TestMethod]
    public async Task TheClickThatFollowsTakesThePreviewsDecode()
    {
        var time = new FakeTimeProvider();
        using var model = new CountingModel(TestModelPair.Model);
        using ClickDialogController dialog = await Opened(model, time);
        (double vx, double vy) = ViewOf(dialog, Standard.Centre(0, W, H));
        dialog.Hover(vx, vy);
        time.Advance(HoverPreview.Rest);
        await dialog.WhenIdle();
        int decodes = model.Decodes;

        dialog.View.MouseDown(vx, vy, MouseButton.Left);
        Assert.IsTrue(dialog.View.MouseUp(vx, vy));
        await dialog.PromptChanged();
        await dialog.WhenIdle();
        Assert.AreEqual(decodes, model.Decodes, "the click decodes nothing more");
        Assert.IsGreaterThanOrEqualTo(0.95, MaskMetrics.IoU(dialog.Result!.State.Coverage, Standard.Truth(0, W, H)));
        Assert.AreEqual(0, HoverPixels(dialog.Frame!), "the click ends the preview");

        // A click somewhere the pointer did not rest decodes as always.
        (double ox, double oy) = ViewOf(dialog, Standard.Centre(1, W, H));
        dialog.View.MouseDown(ox, oy, MouseButton.Left);
        Assert.IsTrue(dialog.View.MouseUp(ox, oy));
        await dialog.PromptChanged();
        await dialog.WhenIdle();
        Assert.AreEqual(decodes + 1, model.Decodes);
    }

    [TestMethod]
    public async Task AMachineTooSlowForPreviewsTurnsThemOffAndSaysSo()
    {
        var time = new FakeTimeProvider();
        using var model = new SlowDecodes(TestModelPair.Model, time);
        using ClickDialogController dialog = await Opened(model, time);
        model.Delay = HoverPreview.MaxDecode + TimeSpan.FromMilliseconds(100);
        (double vx, double vy) = ViewOf(dialog, Standard.Centre(0, W, H));
        dialog.Hover(vx, vy);
        time.Advance(HoverPreview.Rest);
        await dialog.WhenIdle();
        Assert.IsFalse(dialog.HoverEnabled);
        StringAssert.StartsWith(dialog.Status, "Hover preview off: a preview took 400 ms here");

        int decodes = model.Decodes;
        (double ox, double oy) = ViewOf(dialog, Standard.Centre(1, W, H));
        dialog.Hover(ox, oy);
        time.Advance(TimeSpan.FromSeconds(1));
        await dialog.WhenIdle();
        Assert.AreEqual(decodes, model.Decodes, "no more previews");
    }

    private static async Task<ClickDialogController> Opened(ISamModel model, TimeProvider time)
    {
        var dialog = new ClickDialogController(Standard.Render(W, H), () => model, cache: new EmbeddingCache(), time: time);
        await dialog.SetViewport(ViewW, ViewH);
        await dialog.StartEncoding();
        await dialog.WhenIdle();
        Assert.AreEqual(DialogPhase.Ready, dialog.Phase, dialog.Status);
        return dialog;
    }

    private static (double X, double Y) ViewOf(ClickDialogController dialog, (float X, float Y) image) => dialog.View.ImageToView(image.X + 0.5, image.Y + 0.5);

    private static (double X, double Y) ViewOf(ClickDialogController dialog, (int X, int Y) image) => dialog.View.ImageToView(image.X + 0.5, image.Y + 0.5);

    /// <summary>View pixels in the hover outline's colour.</summary>
    private static int HoverPixels(PreviewFrame frame)
    {
        int n = 0;
        for (int i = 0; i < frame.Pixels.Length; i += 4)
        {
            n += frame.Pixels[i] == DialogPreview.HoverOutline.B && frame.Pixels[i + 1] == DialogPreview.HoverOutline.G && frame.Pixels[i + 2] == DialogPreview.HoverOutline.R ? 1 : 0;
        }

        return n;
    }

    /// <summary>A model whose decodes take <see cref="Delay"/> on the fake clock.</summary>
    private sealed class SlowDecodes(ISamModel inner, FakeTimeProvider time) : ISamModel
    {
        private int _decodes;

        public TimeSpan Delay { get; set; }

        public int Decodes => Volatile.Read(ref _decodes);

        public string Identity => inner.Identity;

        public ModelFamily Family => inner.Family;

        public void Encode(float[] image, ImageEmbedding output, CancellationToken cancellationToken = default) => inner.Encode(image, output, cancellationToken);

        public void Decode(ImageEmbedding embedding, DecoderPrompt prompt, float[]? maskInput, LowResMasks output, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _decodes);
            time.Advance(Delay);
            inner.Decode(embedding, prompt, maskInput, output, cancellationToken);
        }

        public void Dispose()
        {
        }
    }
}
