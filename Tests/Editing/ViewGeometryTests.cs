using HqSam.Core.Editing;

namespace HqSam.Tests.Editing;

/// <summary>Zoom and pan of the click dialog's view, as the wheel and the middle button drive them.</summary>
[TestClass]
public sealed class ViewGeometryTests
{
    [TestMethod]
    public void TheWheelZoomsAboutTheCursor()
    {
        var g = new ViewGeometry(4000, 3000);
        g.SetViewport(800, 600); // fit: scale 0.2
        Assert.IsTrue(g.IsFitted);
        (float X, float Y) before = g.ViewToImage(300, 200)!.Value;
        Assert.IsTrue(g.ZoomAt(2, 300, 200));
        Assert.AreEqual(0.4, g.Scale, 1e-12);
        Assert.IsFalse(g.IsFitted);
        (float X, float Y) after = g.ViewToImage(300, 200)!.Value;
        Assert.AreEqual(before.X, after.X, 1e-3, "the image point under the cursor stays under it");
        Assert.AreEqual(before.Y, after.Y, 1e-3);
    }

    [TestMethod]
    public void ZoomStaysBetweenTheWholeLayerAndSixteenViewPixelsPerPixel()
    {
        var g = new ViewGeometry(400, 300);
        g.SetViewport(800, 600); // fit: scale 2
        Assert.IsFalse(g.ZoomAt(0.5, 10, 10), "never smaller than the whole layer");
        Assert.AreEqual(2, g.Scale);
        for (int i = 0; i < 50; i++)
        {
            g.ZoomAt(1.25, 400, 300);
        }

        Assert.AreEqual(ViewGeometry.MaxPixelSize, g.Scale);
        Assert.IsFalse(g.ZoomAt(1.25, 400, 300));
        Assert.IsTrue(g.Fit());
        Assert.AreEqual(2, g.Scale);
        Assert.AreEqual((0.0, 0.0), (g.OffsetX, g.OffsetY));
        Assert.IsFalse(g.ZoomAt(double.NaN, 0, 0));
    }

    [TestMethod]
    public void PanningNeverLeavesAGapAndASmallAxisStaysCentred()
    {
        var g = new ViewGeometry(1000, 100);
        g.SetViewport(500, 500); // fit: scale 0.5, image 500x50 centred vertically
        g.ZoomAt(4, 250, 250);   // scale 2: 2000 wide (overfills), 200 tall (still fits)
        Assert.AreEqual(150, g.OffsetY, 1e-9, "the short axis stays centred");
        Assert.IsTrue(g.PanBy(10_000, 0));
        Assert.AreEqual(0, g.OffsetX, "the left edge stops at the view's left");
        Assert.IsTrue(g.PanBy(-10_000, 77));
        Assert.AreEqual(500 - 2000, g.OffsetX, 1e-9, "the right edge stops at the view's right");
        Assert.AreEqual(150, g.OffsetY, 1e-9);
        Assert.IsFalse(g.PanBy(-5, 0), "nothing left to move");
    }

    [TestMethod]
    public void AResizeKeepsAFitOrAZoom()
    {
        var g = new ViewGeometry(1000, 1000);
        g.SetViewport(500, 500);
        g.SetViewport(800, 600);
        Assert.AreEqual(0.6, g.Scale, 1e-12, "fitted follows the window");

        g.ZoomAt(2, 400, 300); // scale 1.2, the image point at the view's centre is (500, 500)
        (float X, float Y) centre = g.ViewToImage(400, 300)!.Value;
        g.SetViewport(1000, 800);
        Assert.AreEqual(1.2, g.Scale, 1e-12, "zoomed keeps its zoom");
        (float X, float Y) still = g.ViewToImage(500, 400)!.Value;
        Assert.AreEqual(centre.X, still.X, 1e-3, "and what was at the centre");
        Assert.AreEqual(centre.Y, still.Y, 1e-3);
    }

    [TestMethod]
    public void AZoomedClickLandsOnThePixelUnderIt()
    {
        var model = new ClickDialogModel(400, 300);
        model.SetViewport(400, 300);
        model.Geometry.ZoomAt(8, 0, 0); // 8 view pixels per pixel, top-left corner fixed
        model.MouseDown(104, 12, MouseButton.Left); // image (13, 1.5)
        Assert.IsTrue(model.MouseUp(104, 12));
        Assert.AreEqual(new HqSam.Core.Prompts.PointPrompt(13, 1), model.Points[0]);

        // A middle-button drag pans and is no hint.
        int version = model.Geometry.Version;
        model.MouseDown(200, 200, MouseButton.Middle);
        model.MouseMove(150, 180);
        Assert.IsFalse(model.MouseUp(150, 180));
        Assert.AreNotEqual(version, model.Geometry.Version);
        Assert.AreEqual((-50.0, -20.0), (model.OffsetX, model.OffsetY));
        Assert.HasCount(1, model.Points);
    }
}
