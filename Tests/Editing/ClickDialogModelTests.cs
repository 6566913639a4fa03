using HqSam.Core.Editing;
using HqSam.Core.Prompts;

namespace HqSam.Tests.Editing;

/// <summary>The click dialog's behaviour, clicked the way a user would.</summary>
[TestClass]
public sealed class ClickDialogModelTests
{
    [TestMethod]
    [DataRow(4000, 1000, 800, 600)] // wide image: fits the width, bands above and below
    [DataRow(1000, 4000, 800, 600)] // tall image: fits the height, bands left and right
    [DataRow(200, 100, 800, 600)]   // small image: zoomed in
    public void FitToWindowMapsViewAndImageBothWays(int iw, int ih, int vw, int vh)
    {
        var model = new ClickDialogModel(iw, ih);
        model.SetViewport(vw, vh);
        Assert.AreEqual(Math.Min((double)vw / iw, (double)vh / ih), model.Scale, 1e-12);
        (double x0, double y0) = model.ImageToView(0, 0);
        (double x1, double y1) = model.ImageToView(iw, ih);
        Assert.AreEqual(vw - x1, x0, 1e-9, "centred horizontally");
        Assert.AreEqual(vh - y1, y0, 1e-9, "centred vertically");
        Assert.IsTrue(x0 >= -1e-9 && y0 >= -1e-9 && x1 <= vw + 1e-9 && y1 <= vh + 1e-9, "the whole image is visible");

        (double vx, double vy) = model.ImageToView(iw * 0.3, ih * 0.7);
        (float ix, float iy) = model.ViewToImage(vx, vy)!.Value;
        Assert.AreEqual(iw * 0.3, ix, iw * 1e-5);
        Assert.AreEqual(ih * 0.7, iy, ih * 1e-5);
        Assert.IsNull(model.ViewToImage(x0 - 2, y0 - 2), "outside the image");
    }

    [TestMethod]
    public void ClicksBecomePointsAndOnlyTheyReachTheDecoder()
    {
        var model = new ClickDialogModel(1000, 500);
        model.SetViewport(500, 500); // scale 0.5, image at y 125..375
        Assert.IsNull(model.Prompt, "nothing before the first click");

        Click(model, 100, 200, MouseButton.Left);               // image (200, 150)
        Click(model, 300, 250, MouseButton.Right);              // image (600, 250), exclude
        Click(model, 400, 300, MouseButton.Left, alt: true);    // image (800, 350), exclude
        Click(model, 250, 50, MouseButton.Left);                // in the band above the image: ignored

        CollectionAssert.AreEqual(
            new[] { new PointPrompt(200, 150), new PointPrompt(600, 250, false), new PointPrompt(800, 350, false) },
            model.Prompt!.Points.ToArray());
        Assert.IsNull(model.Prompt.Box);
        Assert.AreEqual(3, model.Version, "three decodes, none for the ignored click");
    }

    [TestMethod]
    public void ADragDrawsABoxAndATremorIsStillAClick()
    {
        var model = new ClickDialogModel(1000, 500);
        model.SetViewport(500, 500);
        model.MouseDown(50, 150, MouseButton.Left);
        model.MouseMove(150, 200);
        Assert.AreEqual(new BoxPrompt(100, 50, 300, 150), model.PendingBox, "shown while dragging");
        Assert.IsTrue(model.MouseUp(200, 250));
        Assert.AreEqual(new BoxPrompt(100, 50, 400, 250), model.Box);
        Assert.IsNull(model.PendingBox);

        // Dragging from bottom-right to top-left, past the image edge: normalised and clipped.
        model.MouseDown(450, 400, MouseButton.Left);
        model.MouseUp(-20, 100);
        Assert.AreEqual(new BoxPrompt(0, 0, 900, 500), model.Box);

        model.MouseDown(200, 250, MouseButton.Left);
        model.MouseMove(202, 251);
        Assert.IsTrue(model.MouseUp(202, 251));
        Assert.HasCount(1, model.Points, "a 2-pixel tremor is a click");
    }

    [TestMethod]
    public void UndoAndRedoWalkTheHistory()
    {
        var model = new ClickDialogModel(100, 100);
        Click(model, 10, 10, MouseButton.Left);
        Click(model, 20, 20, MouseButton.Left);
        Click(model, 30, 30, MouseButton.Right);
        Assert.IsTrue(model.Undo());
        Assert.IsTrue(model.Undo());
        Assert.HasCount(1, model.Points);
        Assert.IsTrue(model.Redo());
        Assert.HasCount(2, model.Points);

        // A new click after undo drops what could have been redone.
        Click(model, 40, 40, MouseButton.Left);
        Assert.IsFalse(model.CanRedo);
        CollectionAssert.AreEqual(new[] { new PointPrompt(10, 10), new PointPrompt(20, 20), new PointPrompt(40, 40) }, model.Points.ToArray());

        Assert.IsTrue(model.Clear());
        Assert.IsNull(model.Prompt);
        Assert.IsTrue(model.Undo(), "clearing can be undone");
        Assert.HasCount(3, model.Points);
        while (model.Undo())
        {
        }

        Assert.IsNull(model.Prompt);
        Assert.IsFalse(model.Undo());
    }

    [TestMethod]
    public void ShiftClickOnAPointRemovesIt()
    {
        var model = new ClickDialogModel(100, 100);
        model.SetViewport(200, 200); // scale 2
        Click(model, 20, 20, MouseButton.Left);  // image (10, 10)
        Click(model, 100, 100, MouseButton.Left); // image (50, 50)
        Assert.AreEqual(1, model.HitTest(103, 98), "within the hit radius");
        Assert.AreEqual(-1, model.HitTest(120, 120));
        model.MouseDown(103, 98, MouseButton.Left, shift: true);
        Assert.IsTrue(model.MouseUp(103, 98));
        CollectionAssert.AreEqual(new[] { new PointPrompt(10, 10) }, model.Points.ToArray());
        model.MouseDown(150, 150, MouseButton.Left, shift: true);
        Assert.IsTrue(model.MouseUp(150, 150), "shift+click beside the points starts another object");
        Assert.HasCount(1, model.EarlierObjects);
        CollectionAssert.AreEqual(new[] { new PointPrompt(75, 75) }, model.Points.ToArray());
        model.MouseDown(240, 240, MouseButton.Left, shift: true);
        Assert.IsFalse(model.MouseUp(240, 240), "shift+click beside the image changes nothing");
    }

    [TestMethod]
    public void ThePromptDecodesThroughThePipeline()
    {
        var scene = Support.Scene.Standard();
        var layer = scene.Render(400, 300);
        var model = new ClickDialogModel(400, 300);
        model.SetViewport(800, 800);
        (float cx, float cy) = scene.Centre(1, 400, 300);
        (double vx, double vy) = model.ImageToView(cx, cy);
        Click(model, vx, vy, MouseButton.Left);
        var session = new EditorSession(Support.TestModelPair.Model, new HqSam.Core.Caching.EmbeddingCache());
        RenderState state = session.Update(layer, new EditorSettings { Points = model.Points });
        Assert.IsGreaterThanOrEqualTo(0.95, Support.MaskMetrics.IoU(state.Coverage, scene.Truth(1, 400, 300)));
    }

    private static void Click(ClickDialogModel model, double x, double y, MouseButton button, bool alt = false)
    {
        model.MouseDown(x, y, button, alt);
        model.MouseUp(x, y);
    }
}
