using HqSam.Core.Caching;
using HqSam.Core.Contract;
using HqSam.Core.Editing;
using HqSam.Core.Imaging;
using HqSam.Core.Pipeline;
using HqSam.Core.Prompts;
using HqSam.Interop.Onnx;
using HqSam.TestModels;
using HqSam.Tests.Support;

namespace HqSam.Tests.Editing;

/// <summary>
/// The click dialog without a window: opened on a layer, clicked in view coordinates the way a user
/// clicks, and checked by what the decoder got and which pixels end up selected.
/// </summary>
[TestClass]
public sealed class ClickDialogControllerTests
{
    // The view is 1.25x the layer, so clicks land on exact view pixels.
    private const int W = 320, H = 240, ViewW = 400, ViewH = 300;

    private static readonly Scene Standard = Scene.Standard();

    [TestMethod]
    public async Task OneEncodeThenEachClickOnlyDecodes()
    {
        using var model = new CountingModel(TestModelPair.Model);
        using var dialog = Open(Standard.Render(W, H), model);
        await Ready(dialog);
        Assert.AreEqual(DialogPhase.Ready, dialog.Phase);
        StringAssert.StartsWith(dialog.Status, "Click the object");
        Assert.AreEqual(1, model.Encodes);
        Assert.AreEqual(SamPredictor.WarmUpDecodes, model.Decodes, "warm-up decodes right after the encode, so the first click is not the slowest");

        await Click(dialog, Standard.Centre(0, W, H), MouseButton.Left);
        FinishedMask disc = dialog.Result!;
        Assert.IsGreaterThanOrEqualTo(0.95, MaskMetrics.IoU(disc.State.Coverage, Standard.Truth(0, W, H)));
        StringAssert.StartsWith(dialog.Status, "1 object point, 0 excluded.");

        int decodes = model.Decodes;
        await Click(dialog, Standard.Centre(1, W, H), MouseButton.Left);
        Assert.AreEqual(1, model.Encodes, "clicks never encode again");
        Assert.IsGreaterThan(decodes, model.Decodes);
        Assert.IsGreaterThanOrEqualTo(0.95, MaskMetrics.IoU(dialog.Result!.State.Coverage, Union(Standard.Truth(0, W, H), Standard.Truth(1, W, H))));
    }

    [TestMethod]
    public async Task RightClickExcludesDragDrawsABoxAndUndoRedoWalkBack()
    {
        // A light-grey square close to the background's colour: a click on the background takes both,
        // a right click on the square takes it out again.
        Scene scene = new Scene(205, 212, 222).Rect(0.3, 0.3, 0.6, 0.6, 190, 197, 207);
        using var dialog = Open(scene.Render(W, H), TestModelPair.Model);
        await Ready(dialog);

        await Click(dialog, (10, 10), MouseButton.Left);
        byte[] both = dialog.Result!.State.Coverage!.ToArray();
        Assert.IsGreaterThanOrEqualTo(0.97, MaskMetrics.IoU(both, Full(W, H)), "background and the look-alike square");

        await Click(dialog, scene.Centre(0, W, H), MouseButton.Right);
        byte[] square = scene.Truth(0, W, H);
        Assert.IsGreaterThanOrEqualTo(0.95, MaskMetrics.IoU(dialog.Result!.State.Coverage, Invert(square)), "the right click excluded the square");
        CollectionAssert.AreEqual(new[] { true, false }, dialog.Settings.Points.Select(p => p.Positive).ToArray());

        Assert.IsTrue(dialog.View.Undo());
        await dialog.PromptChanged();
        CollectionAssert.AreEqual(both, dialog.Result!.State.Coverage?.ToArray(), "undo gives back exactly the earlier mask");
        Assert.IsTrue(dialog.View.Redo());
        await dialog.PromptChanged();
        Assert.IsGreaterThanOrEqualTo(0.95, MaskMetrics.IoU(dialog.Result!.State.Coverage, Invert(square)));

        Assert.IsTrue(dialog.View.Clear());
        await dialog.PromptChanged();
        Assert.IsNull(dialog.Result, "nothing selected after Clear");
    }

    [TestMethod]
    public async Task ADragAroundAnObjectSelectsIt()
    {
        using var dialog = Open(Standard.Render(W, H), TestModelPair.Model);
        await Ready(dialog);
        await Drag(dialog, (0.55 * W, 0.18 * H), (0.93 * W, 0.82 * H));
        Assert.IsNotNull(dialog.Settings.SelectionBounds);
        Assert.IsEmpty(dialog.Settings.Points);
        Assert.IsGreaterThanOrEqualTo(0.95, MaskMetrics.IoU(dialog.Result!.State.Coverage, Standard.Truth(1, W, H)), "the boxed rectangle");
        StringAssert.Contains(dialog.Status, "a box");
    }

    [TestMethod]
    public async Task ClicksMadeWhileEncodingAreDecodedWhenItEnds()
    {
        using var model = new CountingModel(TestModelPair.Model);
        using var dialog = Open(Standard.Render(W, H), model);
        await Click(dialog, Standard.Centre(1, W, H), MouseButton.Left);
        Assert.IsNull(dialog.Result, "no decode before the layer is encoded");
        Assert.AreEqual(0, model.Decodes);

        await dialog.StartEncoding();
        await dialog.WhenIdle();
        Assert.IsGreaterThanOrEqualTo(0.95, MaskMetrics.IoU(dialog.Result!.State.Coverage, Standard.Truth(1, W, H)));
    }

    [TestMethod]
    public async Task TheEncodeCanBeCancelledAndStartedAgain()
    {
        using var model = new CountingModel(TestModelPair.Model) { BlockEncodeUntilCancelled = true };
        using var dialog = Open(Standard.Render(W, H), model);
        var phases = new List<DialogPhase>();
        dialog.Changed += (_, _) =>
        {
            lock (phases)
            {
                phases.Add(dialog.Phase);
            }
        };

        Task encoding = dialog.StartEncoding();
        Assert.IsTrue(model.EncodeStarted.Wait(TimeSpan.FromSeconds(30)));
        Assert.AreEqual(DialogPhase.Encoding, dialog.Phase, "the progress bar shows");
        Assert.IsFalse(dialog.IsSettled);
        (double vx, double vy) = dialog.View.ImageToView(Standard.Centre(0, W, H).X, Standard.Centre(0, W, H).Y);
        dialog.View.MouseDown(vx, vy, MouseButton.Left);
        Assert.IsTrue(dialog.View.MouseUp(vx, vy));
        _ = dialog.PromptChanged(); // a click while the progress bar runs
        dialog.CancelEncoding();
        await encoding;
        Assert.AreEqual(DialogPhase.Cancelled, dialog.Phase);
        StringAssert.StartsWith(dialog.Status, "Cancelled");
        Assert.AreEqual(0, model.Decodes, "a cancelled encode decodes nothing");
        Assert.IsNotNull(dialog.Frame, "the layer is still shown");

        model.BlockEncodeUntilCancelled = false;
        await dialog.StartEncoding();
        await dialog.WhenIdle();
        Assert.AreEqual(DialogPhase.Ready, dialog.Phase);
        Assert.IsGreaterThanOrEqualTo(0.95, MaskMetrics.IoU(dialog.Result!.State.Coverage, Standard.Truth(0, W, H)), "the click made during the cancelled encode counts");
        lock (phases)
        {
            CollectionAssert.IsSubsetOf(new[] { DialogPhase.Encoding, DialogPhase.Cancelled, DialogPhase.Ready }, phases);
        }
    }

    [TestMethod]
    public async Task WithoutAModelTheDialogSaysWhyAndStillShowsTheLayer()
    {
        using var dialog = new ClickDialogController(Standard.Render(W, H), null, modelError: "no HQ-SAM model found in /models");
        await dialog.SetViewport(ViewW, ViewH);
        await dialog.StartEncoding();
        await Click(dialog, Standard.Centre(0, W, H), MouseButton.Left);
        Assert.AreEqual(DialogPhase.Failed, dialog.Phase);
        Assert.AreEqual("no HQ-SAM model found in /models", dialog.Status);
        Assert.IsNull(dialog.Result);
        Assert.IsNotNull(dialog.Frame);
    }

    [TestMethod]
    public async Task TheModelLoadsOffTheUiThreadAndAFailedLoadCanBeRetried()
    {
        int calls = 0;
        using var release = new ManualResetEventSlim();
        ISamModel Load()
        {
            Assert.IsTrue(release.Wait(TimeSpan.FromSeconds(30)), "the test lets the load go on");
            return Interlocked.Increment(ref calls) == 1
                ? throw new HqSam.Core.Contract.ModelFileException("/models", "no HQ-SAM model found")
                : TestModelPair.Model;
        }

        using var dialog = new ClickDialogController(Standard.Render(W, H), Load, cache: new EmbeddingCache());
        Assert.AreEqual(DialogPhase.Idle, dialog.Phase, "nothing loads in the constructor");
        Assert.AreEqual(0, calls);
        await dialog.SetViewport(ViewW, ViewH);
        Task loading = dialog.StartEncoding(); // returns while the load still waits: it is not on this thread
        Assert.IsFalse(loading.IsCompleted);
        Assert.AreEqual(DialogPhase.Encoding, dialog.Phase);
        release.Set();
        await loading;
        Assert.AreEqual(DialogPhase.Failed, dialog.Phase);
        StringAssert.Contains(dialog.Status, "no HQ-SAM model found");

        await Ready(dialog); // "Start again" after the user put the model in place
        Assert.AreEqual(DialogPhase.Ready, dialog.Phase);
        await Click(dialog, Standard.Centre(0, W, H), MouseButton.Left);
        Assert.IsGreaterThanOrEqualTo(0.95, MaskMetrics.IoU(dialog.Result!.State.Coverage, Standard.Truth(0, W, H)));
        Assert.AreEqual(2, calls, "loaded once it worked, not per click");
    }

    [TestMethod]
    public async Task AnEncoderThatFailsIsOneLineInTheStatusBar()
    {
        using var broken = OnnxSamModel.Load(TestModelPair.WriteVariant(new TestModelOptions { EncoderFailsAtRun = true }));
        using var dialog = Open(Standard.Render(W, H), broken);
        await dialog.StartEncoding();
        Assert.AreEqual(DialogPhase.Failed, dialog.Phase);
        StringAssert.Contains(dialog.Status, "encoder");
        Assert.DoesNotContain('\n', dialog.Status);
    }

    [TestMethod]
    public async Task TheSelectionTheDialogOpensWithIsRefinedWithoutAClick()
    {
        var rough = new BoxPrompt(0.55f * W, 0.18f * H, 0.93f * W, 0.82f * H);
        using var dialog = new ClickDialogController(Standard.Render(W, H), TestModelPair.Model, selectionBox: rough, cache: new EmbeddingCache());
        await dialog.SetViewport(ViewW, ViewH);
        await dialog.StartEncoding();
        await dialog.WhenIdle();
        Assert.IsGreaterThanOrEqualTo(0.95, MaskMetrics.IoU(dialog.Result!.State.Coverage, Standard.Truth(1, W, H)));
        Assert.IsFalse(dialog.View.CanUndo, "the opening selection is where history starts");
        Assert.IsTrue(dialog.View.Clear());
        await dialog.PromptChanged();
        Assert.IsNull(dialog.Result);
    }

    [TestMethod]
    public async Task TheResultTravelsWithExactlyTheSettingsItWasMadeFrom()
    {
        using var model = new CountingModel(TestModelPair.Model);
        using var dialog = Open(Standard.Render(W, H), model);
        await Ready(dialog);
        Assert.IsTrue(dialog.IsSettled, "nothing to select yet: settled");
        await Click(dialog, Standard.Centre(0, W, H), MouseButton.Left);
        Assert.AreSame(dialog.Settings, dialog.Result!.Settings);
        Assert.IsTrue(dialog.IsSettled);

        int decodes = model.Decodes;
        EditorSettings before = dialog.Settings;
        await dialog.SetOptions(new EditorSettings { Output = OutputMode.Mask, Grow = 3 });
        Assert.AreNotSame(before, dialog.Settings);
        Assert.AreSame(dialog.Settings, dialog.Result!.Settings);
        Assert.AreEqual(OutputMode.Mask, dialog.Result.State.Output);
        Assert.AreEqual(decodes, model.Decodes, "output and grow re-use the decoded mask");
        Assert.IsGreaterThan(MaskMetrics.Count(Standard.Truth(0, W, H)), MaskMetrics.Count(dialog.Result.State.Coverage), "grown");
        CollectionAssert.AreEqual(before.Points, dialog.Settings.Points, "options keep the clicks");
    }

    [TestMethod]
    public async Task RefineFromThePreviousMaskReachesTheDecoder()
    {
        // The analytic decoder limits a refining decode to where the previous mask was: a second click on
        // another object then adds nothing, where without refinement it adds that object.
        using var dialog = Open(Standard.Render(W, H), TestModelPair.Model);
        await Ready(dialog);
        await Click(dialog, Standard.Centre(0, W, H), MouseButton.Left);
        await dialog.SetOptions(new EditorSettings { RefineFromPrevious = true });
        await Click(dialog, Standard.Centre(1, W, H), MouseButton.Left);
        Assert.IsTrue(dialog.Settings.RefineFromPrevious);
        Assert.IsGreaterThanOrEqualTo(0.95, MaskMetrics.IoU(dialog.Result!.State.Coverage, Standard.Truth(0, W, H)), "kept within the previous mask");

        await dialog.SetOptions(new EditorSettings());
        await dialog.WhenIdle();
        Assert.IsGreaterThanOrEqualTo(0.95, MaskMetrics.IoU(dialog.Result!.State.Coverage, Union(Standard.Truth(0, W, H), Standard.Truth(1, W, H))), "both objects");
    }

    [TestMethod]
    public async Task AFrameTheViewHandsBackHoldsALaterPicture()
    {
        using var dialog = Open(Standard.Render(W, H), TestModelPair.Model);
        await Ready(dialog);
        PreviewFrame first = dialog.Frame!;
        await Click(dialog, Standard.Centre(0, W, H), MouseButton.Left);
        PreviewFrame second = dialog.Frame!;
        dialog.Recycle(first);   // the view copied the second and is done with the first
        dialog.Recycle(second);  // the current one is never reused: it may be shown again
        await Click(dialog, Standard.Centre(1, W, H), MouseButton.Left);
        PreviewFrame third = dialog.Frame!;
        Assert.AreSame(first.Pixels, third.Pixels, "composed into the handed-back buffer");
        Assert.AreNotSame(second.Pixels, third.Pixels);
        Assert.AreEqual(Pixel(second, 5, 5), Pixel(third, 5, 5), "and fully repainted");
    }

    [TestMethod]
    public async Task ThePreviewDarkensWhatIsNotSelected()
    {
        using var dialog = Open(Standard.Render(W, H), TestModelPair.Model);
        await Ready(dialog);
        PreviewFrame plain = dialog.Frame!;
        (float cx, float cy) = Standard.Centre(0, W, H);
        (int vx, int vy) = ((int)(cx * 1.25), (int)(cy * 1.25));
        await Click(dialog, (cx, cy), MouseButton.Left);
        PreviewFrame selected = dialog.Frame!;
        Assert.AreEqual((ViewW, ViewH), (selected.Width, selected.Height));

        Assert.AreEqual(Pixel(plain, vx, vy), Pixel(selected, vx, vy), "the clicked object is shown as it is");
        (byte b, byte g, byte r) background = Pixel(plain, 5, 5);
        Assert.AreEqual((byte)(background.b * DialogPreview.OutsideBrightness >> 8), Pixel(selected, 5, 5).B, "the rest is darkened");
        int outline = 0;
        for (int x = 0; x < ViewW; x++)
        {
            outline += Pixel(selected, x, vy) == DialogPreview.Outline ? 1 : 0;
        }

        Assert.AreEqual(2, outline, "the edge is drawn where the row crosses it, once on each side");
    }

    [TestMethod]
    public async Task ZoomedInAClickStillSelectsWhatIsUnderIt()
    {
        using var dialog = Open(Standard.Render(W, H), TestModelPair.Model);
        await Ready(dialog);
        PreviewFrame fitted = dialog.Frame!;

        // Zoom in four notches about the small blue square, then click it where it is now drawn.
        (float sx, float sy) = Standard.Centre(2, W, H);
        (double vx, double vy) = dialog.View.ImageToView(sx, sy);
        for (int notch = 0; notch < 4; notch++)
        {
            await dialog.ZoomAt(1.25, vx, vy);
        }

        await dialog.WhenIdle();
        Assert.AreEqual(1.25 * Math.Pow(1.25, 4), dialog.View.Scale, 1e-9);
        Assert.AreNotSame(fitted, dialog.Frame, "the picture follows the zoom");
        await Click(dialog, (sx, sy), MouseButton.Left);

        // The square is selected, not its neighbour (IoU near 0). At 320 px there is no closer look
        // by the model (its smallest crop is 256 px, worth it from 768 px up), so its edges sit where
        // the whole-image decode puts them.
        Assert.IsGreaterThanOrEqualTo(0.8, MaskMetrics.IoU(dialog.Result!.State.Coverage, Standard.Truth(2, W, H)));

        await dialog.FitToWindow();
        await dialog.WhenIdle();
        Assert.AreEqual(1.25, dialog.View.Scale, 1e-12);
    }

    [TestMethod]
    [Timeout(120_000, CooperativeCancellation = true)]
    public async Task AZoomShowsTheWholeImageMaskFirstAndReplacesItWhenItsCropIsEncoded()
    {
        // A 40 px disc on a 2000 x 1500 layer, with "Look closer: always".
        var scene = new Scene(205, 212, 222).Ellipse(0.6, 0.4, 0.01, 0.01333, 215, 40, 35);
        const int LW = 2000, LH = 1500;
        byte[] truth = scene.Truth(0, LW, LH);
        using var model = new CountingModel(TestModelPair.Model);
        using var dialog = new ClickDialogController(scene.Render(LW, LH), model, new EditorSettings { Zoom = HqSam.Core.Pipeline.ZoomMode.On }, cache: new EmbeddingCache());
        await dialog.SetViewport(ViewW, ViewH);
        await Ready(dialog);
        Assert.AreEqual(1, model.Encodes, "the layer");

        // The crop's encode hangs (a slow CPU): the click shows the whole-image mask at once.
        model.BlockEncodeUntilCancelled = true;
        (double vx, double vy) = dialog.View.ImageToView(1200.5, 600.5);
        dialog.View.MouseDown(vx, vy, MouseButton.Left);
        Assert.IsTrue(dialog.View.MouseUp(vx, vy));
        await dialog.PromptChanged(); // the decode only: the crop encode goes on beside it
        Assert.IsTrue(model.EncodeStarted.Wait(TimeSpan.FromSeconds(30)), "the crop encode started");
        Assert.IsTrue(dialog.EncodingZoom);
        StringAssert.StartsWith(dialog.Status, "Looking closer");
        Assert.IsNotNull(dialog.Result, "the whole-image mask is there while the crop encodes");
        Assert.AreEqual(HqSam.Core.Pipeline.ZoomMode.Off, dialog.Result.Settings.Zoom, "and says it is not the closer look");
        Assert.IsFalse(dialog.IsSettled, "OK would not take it for the closer look");
        Assert.IsGreaterThan(0.0, MaskMetrics.IoU(dialog.Result.State.Coverage, truth));

        // Cancel keeps the mask shown; the dialog stays usable.
        dialog.CancelEncoding();
        await dialog.WhenIdle();
        Assert.IsFalse(dialog.EncodingZoom);
        StringAssert.StartsWith(dialog.Status, "Stopped looking closer");
        Assert.IsNotNull(dialog.Result);

        // With the encode let through, the next click looks closer and the closer mask replaces the first.
        model.BlockEncodeUntilCancelled = false;
        await Click(dialog, (1195, 605), MouseButton.Left);
        await dialog.WhenIdle();
        Assert.AreEqual(HqSam.Core.Pipeline.ZoomMode.On, dialog.Result!.Settings.Zoom);
        Assert.IsTrue(dialog.IsSettled);
        Assert.IsGreaterThanOrEqualTo(0.95, MaskMetrics.IoU(dialog.Result.State.Coverage, truth));
        int encodes = model.Encodes;

        // Another click on the same object: its crop is encoded, no encode at all.
        await Click(dialog, (1205, 598), MouseButton.Left);
        await dialog.WhenIdle();
        Assert.AreEqual(encodes, model.Encodes, "one crop encode per object");
        Assert.IsGreaterThanOrEqualTo(0.95, MaskMetrics.IoU(dialog.Result!.State.Coverage, truth));
    }

    private static ClickDialogController Open(BgraImage layer, ISamModel model)
    {
        var dialog = new ClickDialogController(layer, model, cache: new EmbeddingCache());
        dialog.SetViewport(ViewW, ViewH).GetAwaiter().GetResult();
        return dialog;
    }

    private static async Task Ready(ClickDialogController dialog)
    {
        await dialog.StartEncoding();
        await dialog.WhenIdle();
    }

    /// <summary>A press and release at the view position of an image position, as the canvas forwards them.</summary>
    private static Task Click(ClickDialogController dialog, (double X, double Y) image, MouseButton button)
    {
        (double vx, double vy) = dialog.View.ImageToView(image.X + 0.5, image.Y + 0.5);
        dialog.View.MouseDown(vx, vy, button);
        return dialog.View.MouseUp(vx, vy) ? dialog.PromptChanged().ContinueWith(_ => dialog.WhenIdle()).Unwrap() : Task.CompletedTask;
    }

    private static async Task Drag(ClickDialogController dialog, (double X, double Y) from, (double X, double Y) to)
    {
        (double x0, double y0) = dialog.View.ImageToView(from.X, from.Y);
        (double x1, double y1) = dialog.View.ImageToView(to.X, to.Y);
        dialog.View.MouseDown(x0, y0, MouseButton.Left);
        dialog.View.MouseMove((x0 + x1) / 2, (y0 + y1) / 2);
        Assert.IsNotNull(dialog.View.PendingBox);
        Assert.IsTrue(dialog.View.MouseUp(x1, y1));
        await dialog.PromptChanged();
        await dialog.WhenIdle();
    }

    private static (byte B, byte G, byte R) Pixel(PreviewFrame frame, int x, int y)
    {
        int i = ((y * frame.Width) + x) * 4;
        return (frame.Pixels[i], frame.Pixels[i + 1], frame.Pixels[i + 2]);
    }

    private static byte[] Full(int w, int h) => Enumerable.Repeat((byte)255, w * h).ToArray();

    private static byte[] Invert(byte[] mask) => [.. mask.Select(v => (byte)(255 - v))];

    private static byte[] Union(byte[] a, byte[] b) => [.. a.Zip(b, (x, y) => Math.Max(x, y))];
}
