using HqSam.Core.Caching;
using HqSam.Core.Editing;
using HqSam.Core.Imaging;
using HqSam.Core.Masks;
using HqSam.Core.Prompts;
using HqSam.TestModels;
using HqSam.Tests.Support;

namespace HqSam.Tests.Editing;

/// <summary>Several objects in one selection: the dialog's history, the session's union, the dialog end to end.</summary>
[TestClass]
public sealed class MultiObjectTests
{
    private const int W = 400, H = 300, ViewW = 800, ViewH = 600;

    private static readonly Scene Standard = Scene.Standard();

    // Two rectangles of different colours sharing an edge at x = 0.5: their masks touch.
    private static readonly Scene Touching = new Scene(205, 212, 222).Rect(0.2, 0.3, 0.5, 0.7, 200, 40, 40).Rect(0.5, 0.3, 0.8, 0.7, 40, 160, 60);

    [TestMethod]
    public void ShiftClickAndPlusObjectStartObjectsAndUndoGoesBackClickByClickAcrossThem()
    {
        var model = new ClickDialogModel(100, 100);
        model.SetViewport(100, 100); // scale 1
        Click(model, 10, 10);
        Click(model, 20, 10);
        Click(model, 60, 60, shift: true);   // object 2
        Click(model, 70, 60, button: MouseButton.Right);
        Assert.IsTrue(model.NewObject());    // object 3, empty until clicked
        Assert.IsFalse(model.NewObject(), "an object without a hint is not followed by another");
        Click(model, 40, 90);

        Assert.AreEqual(3, model.ObjectCount);
        Assert.HasCount(2, model.EarlierObjects);
        CollectionAssert.AreEqual(new[] { new PointPrompt(10, 10), new PointPrompt(20, 10) }, model.EarlierObjects[0].Points.ToArray());
        CollectionAssert.AreEqual(new[] { new PointPrompt(60, 60), new PointPrompt(70, 60, false) }, model.EarlierObjects[1].Points.ToArray());
        CollectionAssert.AreEqual(new[] { new PointPrompt(40, 90) }, model.Points.ToArray());

        // Undo retraces every step, whichever object it was in.
        string[] expected =
        [
            "10,10 20,10 | 60,60 70,60- | ",  // the third object's click undone: the empty third object is current
            "10,10 20,10 | 60,60 70,60-",     // "+ Object" undone
            "10,10 20,10 | 60,60",
            "10,10 20,10",                    // the Shift+click undone: back to the first object
            "10,10",
            string.Empty,
        ];
        foreach (string state in expected)
        {
            Assert.IsTrue(model.Undo());
            Assert.AreEqual(state, Describe(model));
        }

        Assert.IsFalse(model.Undo());
        while (model.Redo())
        {
        }

        Assert.AreEqual("10,10 20,10 | 60,60 70,60- | 40,90", Describe(model), "redo comes back to the end");
    }

    [TestMethod]
    public void RemoveObjectDropsTheLatestAndClicksGoOnInTheOneBefore()
    {
        var model = new ClickDialogModel(100, 100);
        model.SetViewport(100, 100);
        Assert.IsFalse(model.RemoveObject(), "nothing to remove");
        Click(model, 10, 10);
        Click(model, 60, 60, shift: true);
        Assert.IsTrue(model.NewObject());

        Assert.IsTrue(model.RemoveObject(), "the current object is empty: the latest with a hint goes");
        Assert.AreEqual("10,10", Describe(model));
        Click(model, 12, 10);
        Assert.AreEqual("10,10 12,10", Describe(model), "clicks add to the object before it");
        Assert.IsTrue(model.RemoveObject());
        Assert.AreEqual(0, model.ObjectCount);
        Assert.IsNull(model.Prompt);
        Assert.IsTrue(model.Undo());
        Assert.AreEqual("10,10 12,10", Describe(model), "a removal can be undone");
    }

    [TestMethod]
    public void ShiftClickOnAnEarlierObjectsPointRemovesItAndAnObjectLeftEmptyGoes()
    {
        var model = new ClickDialogModel(100, 100);
        model.SetViewport(100, 100);
        Click(model, 10, 10);
        Click(model, 30, 10);
        Click(model, 60, 60, shift: true);
        Click(model, 30, 10, shift: true); // on the first object's second point
        Assert.AreEqual("10,10 | 60,60", Describe(model));
        Click(model, 10, 10, shift: true);
        Assert.AreEqual("60,60", Describe(model), "the first object had no hint left");
        Assert.IsTrue(model.Clear());
        Assert.AreEqual(string.Empty, Describe(model));
        Assert.IsFalse(model.Clear());
    }

    [TestMethod]
    public void TheSelectionIsTheUnionOfEachObjectDecodedAlone()
    {
        BgraImage layer = Standard.Render(W, H);
        EditorSettings both = Objects(Standard, 0, 2);
        RenderState union = new EditorSession(TestModelPair.Model, new EmbeddingCache()).Update(layer, both);

        byte[] expected = Alone(layer, Standard, 0);
        MaskUnion.Into(expected, Alone(layer, Standard, 2));
        CollectionAssert.AreEqual(expected, union.Coverage?.ToArray(), "pixel for pixel the union of the two decoded alone");
        Assert.IsGreaterThanOrEqualTo(0.95, MaskMetrics.IoU(union.Coverage, Union(Standard.Truth(0, W, H), Standard.Truth(2, W, H))));
    }

    [TestMethod]
    public void AStateKeepsItsMaskWhenTheSessionsOwnUnionGoesBackToThePool()
    {
        // The session makes several objects' union in a rented mask and returns it on the next decode;
        // the next union is likely to get the same array. What a state handed out must not change.
        BgraImage layer = Standard.Render(W, H);
        var session = new EditorSession(TestModelPair.Model, new EmbeddingCache());
        RenderState first = session.Update(layer, Objects(Standard, 0, 2));
        byte[] seen = first.Coverage!.ToArray();
        session.Update(layer, Objects(Standard, 1, 2));
        RenderState third = session.Update(layer, Objects(Standard, 0, 1));

        CollectionAssert.AreEqual(seen, first.Coverage.ToArray(), "the first state's mask as it was handed out");
        Assert.IsGreaterThanOrEqualTo(0.95, MaskMetrics.IoU(third.Coverage, Union(Standard.Truth(0, W, H), Standard.Truth(1, W, H))));
    }

    [TestMethod]
    public void TwoObjectsSharingAnEdgeLoseNothingAtItAndGrowJoinsThem()
    {
        // The analytic masks stop one pixel inside each rectangle, so alone they leave a two-pixel line
        // at the shared edge; the union must not widen it, and a grow of one pixel closes it.
        BgraImage layer = Touching.Render(W, H);
        byte[] a = Alone(layer, Touching, 0), b = Alone(layer, Touching, 1);
        RenderState state = new EditorSession(TestModelPair.Model, new EmbeddingCache()).Update(layer, Objects(Touching, 0, 1));
        byte[] truth = Union(Touching.Truth(0, W, H), Touching.Truth(1, W, H));
        Assert.IsGreaterThanOrEqualTo(0.95, MaskMetrics.IoU(state.Coverage, truth));
        CollectionAssert.AreEqual(Union(a, b), state.Coverage?.ToArray());
        for (int y = (int)(0.35 * H); y < (int)(0.65 * H); y++)
        {
            int gap = Enumerable.Range((int)(0.25 * W), (int)(0.5 * W)).Count(x => state.Coverage!.Pixels[(y * W) + x] == 0);
            Assert.IsLessThanOrEqualTo(2, gap, $"row {y}");
        }

        RenderState grown = new EditorSession(TestModelPair.Model, new EmbeddingCache()).Update(layer, Objects(Touching, 0, 1) with { Grow = 1 });
        Assert.HasCount(1, HqSam.Core.Selection.MaskTracer.Trace(grown.Coverage!.Pixels, W, H), "one outline around both");
        Assert.HasCount(2, HqSam.Core.Selection.MaskTracer.Trace(state.Coverage!.Pixels, W, H), "without the grow, two");
    }

    [TestMethod]
    public void AnotherObjectDecodesOnlyItselfAndUndoingItDecodesNothing()
    {
        using var model = new CountingModel(TestModelPair.Model);
        var session = new EditorSession(model, new EmbeddingCache());
        BgraImage layer = Standard.Render(W, H);
        session.Update(layer, Objects(Standard, 0));
        session.Update(layer, Objects(Standard, 0, 1));
        Assert.AreEqual(2, model.Decodes, "the first object keeps its mask");
        session.Update(layer, Objects(Standard, 0, 1) with { Grow = 2 });
        Assert.AreEqual(2, model.Decodes, "a grow re-uses both");
        RenderState back = session.Update(layer, Objects(Standard, 0));
        Assert.AreEqual(2, model.Decodes, "undoing the second object takes the first object's kept mask");
        Assert.IsGreaterThanOrEqualTo(0.95, MaskMetrics.IoU(back.Coverage, Standard.Truth(0, W, H)));
    }

    [TestMethod]
    public void WithRefinementOnObjectsAddedOrRemovedAroundAnObjectLeaveItsMaskAlone()
    {
        // Refinement feeds an object the mask last decoded at its place: an object that did not change
        // must not be decoded again when others come or go (it would get another object's mask as input).
        using var model = new CountingModel(TestModelPair.Model);
        var session = new EditorSession(model, new EmbeddingCache());
        BgraImage layer = Standard.Render(W, H);
        EditorSettings refine = Objects(Standard, 0) with { RefineFromPrevious = true };
        byte[] first = session.Update(layer, refine).Coverage!.ToArray();
        int decodes = model.Decodes;

        EditorSettings both = Objects(Standard, 0, 1) with { RefineFromPrevious = true };
        RenderState two = session.Update(layer, both);
        Assert.AreEqual(decodes + 1, model.Decodes, "only the new object is decoded");
        Assert.IsGreaterThanOrEqualTo(0.95, MaskMetrics.IoU(two.Coverage, Union(Standard.Truth(0, W, H), Standard.Truth(1, W, H))));

        // The first object removed: the second, now first in the list, keeps its mask.
        RenderState second = session.Update(layer, Objects(Standard, 1) with { RefineFromPrevious = true });
        Assert.AreEqual(decodes + 1, model.Decodes, "nothing decoded");
        Assert.IsGreaterThanOrEqualTo(0.95, MaskMetrics.IoU(second.Coverage, Standard.Truth(1, W, H)));

        // Turning refinement off decodes again, without an input mask.
        session.Update(layer, Objects(Standard, 1));
        Assert.AreEqual(decodes + 2, model.Decodes);
        CollectionAssert.AreEqual(first, new EditorSession(TestModelPair.Model, new EmbeddingCache()).Update(layer, refine).Coverage?.ToArray(), "the first decode had nothing to refine from");
    }

    [TestMethod]
    public async Task TheDialogSelectsEveryObjectAndRemovingOneTakesItsMaskAway()
    {
        using var model = new CountingModel(TestModelPair.Model);
        using ClickDialogController dialog = await Ready(model, TimeProvider.System);

        await Click(dialog, Standard.Centre(0, W, H));
        int decodes = model.Decodes;
        await Click(dialog, Standard.Centre(1, W, H), shift: true);
        Assert.AreEqual(decodes + 1, model.Decodes, "one decode for the new object");
        Assert.HasCount(1, dialog.Settings.EarlierObjects);
        Assert.AreSame(dialog.Settings, dialog.Result!.Settings);
        Assert.IsGreaterThanOrEqualTo(0.95, MaskMetrics.IoU(dialog.Result.State.Coverage, Union(Standard.Truth(0, W, H), Standard.Truth(1, W, H))));
        StringAssert.StartsWith(dialog.Status, "Object 2 of 2:");

        Assert.IsTrue(dialog.View.RemoveObject());
        await dialog.PromptChanged();
        await dialog.WhenIdle();
        Assert.IsGreaterThanOrEqualTo(0.95, MaskMetrics.IoU(dialog.Result!.State.Coverage, Standard.Truth(0, W, H)), "only the first object is left");
        Assert.AreEqual(decodes + 1, model.Decodes, "its kept mask, no decode");
    }

    [TestMethod]
    public async Task AHoverAfterPlusObjectPreviewsTheNewObjectAndTheClickTakesIt()
    {
        using var model = new CountingModel(TestModelPair.Model);
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider();
        using ClickDialogController dialog = await Ready(model, time);
        await Click(dialog, Standard.Centre(0, W, H));
        Assert.IsTrue(dialog.View.NewObject());
        await dialog.PromptChanged();
        await dialog.WhenIdle();

        (double vx, double vy) = dialog.View.ImageToView(Standard.Centre(1, W, H).X + 0.5, Standard.Centre(1, W, H).Y + 0.5);
        dialog.Hover(vx, vy);
        time.Advance(HoverPreview.Rest);
        await dialog.WhenIdle();
        int decodes = model.Decodes;
        await Click(dialog, Standard.Centre(1, W, H));
        Assert.AreEqual(decodes, model.Decodes, "the click takes the hovered decode");
        Assert.IsGreaterThanOrEqualTo(0.95, MaskMetrics.IoU(dialog.Result!.State.Coverage, Union(Standard.Truth(0, W, H), Standard.Truth(1, W, H))));
    }

    [TestMethod]
    public async Task AHoverWithShiftPreviewsAnotherObjectAndTheShiftClickTakesIt()
    {
        using var model = new CountingModel(TestModelPair.Model);
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider();
        using ClickDialogController dialog = await Ready(model, time);
        await Click(dialog, Standard.Centre(0, W, H));

        // Over the first object's own point, Shift means "remove it": no preview.
        int decodes = model.Decodes;
        (double px, double py) = dialog.View.ImageToView(Standard.Centre(0, W, H).X + 0.5, Standard.Centre(0, W, H).Y + 0.5);
        dialog.Hover(px, py, newObject: true);
        time.Advance(HoverPreview.Rest);
        await dialog.WhenIdle();
        Assert.AreEqual(decodes, model.Decodes, "no preview over a point with Shift");

        (double vx, double vy) = dialog.View.ImageToView(Standard.Centre(1, W, H).X + 0.5, Standard.Centre(1, W, H).Y + 0.5);
        dialog.Hover(vx, vy, newObject: true);
        time.Advance(HoverPreview.Rest);
        await dialog.WhenIdle();
        Assert.AreEqual(decodes + 1, model.Decodes, "one preview decode");

        await Click(dialog, Standard.Centre(1, W, H), shift: true);
        Assert.AreEqual(decodes + 1, model.Decodes, "the Shift+click takes the hovered decode: a new object, the first kept");
        Assert.HasCount(1, dialog.Settings.EarlierObjects);
        Assert.IsGreaterThanOrEqualTo(0.95, MaskMetrics.IoU(dialog.Result!.State.Coverage, Union(Standard.Truth(0, W, H), Standard.Truth(1, W, H))));
    }

    /// <summary>A click dialog on the standard scene, its layer encoded.</summary>
    private static async Task<ClickDialogController> Ready(CountingModel model, TimeProvider time)
    {
        var dialog = new ClickDialogController(Standard.Render(W, H), () => model, cache: new EmbeddingCache(), time: time);
        await dialog.SetViewport(ViewW, ViewH);
        await dialog.StartEncoding();
        await dialog.WhenIdle();
        return dialog;
    }

    /// <summary>Settings with one object per shape index, each clicked at its centre; the last is the current one.</summary>
    private static EditorSettings Objects(Scene scene, params int[] shapes)
    {
        SegmentationPrompt[] prompts = [.. shapes.Select(i => scene.Centre(i, W, H)).Select(c => new SegmentationPrompt([new PointPrompt(c.X, c.Y)]))];
        return new EditorSettings { EarlierObjects = [.. prompts[..^1]], Points = prompts[^1].Points };
    }

    private static byte[] Alone(BgraImage layer, Scene scene, int shape) =>
        new EditorSession(TestModelPair.Model, new EmbeddingCache()).Update(layer, Objects(scene, shape)).Coverage!.ToArray();

    private static byte[] Union(byte[] a, byte[] b) => [.. a.Zip(b, (x, y) => Math.Max(x, y))];

    private static void Click(ClickDialogModel model, double x, double y, MouseButton button = MouseButton.Left, bool shift = false)
    {
        model.MouseDown(x, y, button, shift: shift);
        model.MouseUp(x, y);
    }

    private static Task Click(ClickDialogController dialog, (float X, float Y) image, bool shift = false)
    {
        (double vx, double vy) = dialog.View.ImageToView(image.X + 0.5, image.Y + 0.5);
        dialog.View.MouseDown(vx, vy, MouseButton.Left, shift: shift);
        Assert.IsTrue(dialog.View.MouseUp(vx, vy));
        return dialog.PromptChanged().ContinueWith(_ => dialog.WhenIdle()).Unwrap();
    }

    /// <summary>Objects as "x,y x,y- | x,y": earlier objects first, the current one last (an empty current one shows as a trailing bar).</summary>
    private static string Describe(ClickDialogModel model)
    {
        static string Points(IEnumerable<PointPrompt> points) => string.Join(' ', points.Select(p => $"{p.X},{p.Y}{(p.Positive ? string.Empty : "-")}"));
        IEnumerable<string> objects = model.EarlierObjects.Select(o => Points(o.Points));
        return string.Join(" | ", model.Prompt is null && model.EarlierObjects.IsEmpty ? [] : objects.Append(Points(model.Points)));
    }
}
