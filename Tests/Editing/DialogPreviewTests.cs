using HqSam.Core.Editing;
using HqSam.Core.Imaging;
using HqSam.Core.Masks;

namespace HqSam.Tests.Editing;

/// <summary>What the click dialog paints, pixel by pixel.</summary>
[TestClass]
public sealed class DialogPreviewTests
{
    [TestMethod]
    public void TheLayerFillsItsFittedRectangleAndTheRestIsBackground()
    {
        // A 100x50 layer in a 200x200 view: scale 2, bands of 50 above and below.
        var preview = Fitted(BgraImage.Solid(100, 50, 10, 20, 200), 200, 200);
        Assert.AreEqual(new PixelRect(0, 50, 200, 100), preview.ImageRect);
        PreviewFrame frame = preview.Compose(null);
        Assert.AreEqual(DialogPreview.Background, Pixel(frame, 100, 10));
        Assert.AreEqual(DialogPreview.Background, Pixel(frame, 100, 170));
        Assert.AreEqual(((byte)10, (byte)20, (byte)200), Pixel(frame, 0, 50));
        Assert.AreEqual(((byte)10, (byte)20, (byte)200), Pixel(frame, 199, 149));
        Assert.IsTrue(Enumerable.Range(0, 200 * 200).All(i => frame.Pixels[(i * 4) + 3] == 255), "opaque everywhere");
    }

    [TestMethod]
    public void OutsideTheSelectionIsDarkenedAndItsEdgeIsDrawn()
    {
        var layer = BgraImage.Solid(40, 20, 100, 150, 200);
        var preview = Fitted(layer, 40, 20);
        var coverage = new byte[40 * 20];
        for (int y = 0; y < 20; y++)
        {
            coverage.AsSpan((y * 40) + 10, 20).Fill(255); // columns 10..29 selected
        }

        PreviewFrame frame = preview.Compose(Mask.Wrap(coverage, 40, 20));
        Assert.AreEqual(((byte)100, (byte)150, (byte)200), Pixel(frame, 20, 10), "inside: as it is");
        int dark = DialogPreview.OutsideBrightness;
        Assert.AreEqual(((byte)(100 * dark >> 8), (byte)(150 * dark >> 8), (byte)(200 * dark >> 8)), Pixel(frame, 3, 10), "outside: darkened");
        Assert.AreEqual(DialogPreview.Outline, Pixel(frame, 10, 10), "left edge");
        Assert.AreEqual(DialogPreview.Outline, Pixel(frame, 29, 10), "right edge");
        Assert.AreEqual(DialogPreview.Outline, Pixel(frame, 20, 0), "the image border is an edge too");
        Assert.AreNotEqual(DialogPreview.Outline, Pixel(frame, 11, 10));
    }

    [TestMethod]
    public void TransparencyShowsTheCheckerboard()
    {
        var preview = Fitted(BgraImage.Solid(32, 32, 0, 0, 255, 0), 32, 32);
        PreviewFrame frame = preview.Compose(null);
        Assert.AreEqual(((byte)204, (byte)204, (byte)204), Pixel(frame, 2, 2));
        Assert.AreEqual(((byte)153, (byte)153, (byte)153), Pixel(frame, 10, 2));
    }

    [TestMethod]
    public void ZoomedInEveryViewPixelShowsThePixelAClickThereWouldHit()
    {
        var pixels = new byte[40 * 30 * 4];
        for (int i = 0; i < 40 * 30; i++)
        {
            (pixels[i * 4], pixels[(i * 4) + 1], pixels[(i * 4) + 2], pixels[(i * 4) + 3]) = ((byte)(i % 40 * 6), (byte)(i / 40 * 8), 100, 255);
        }

        var layer = new BgraImage(40, 30, pixels);
        var view = new ClickDialogModel(40, 30);
        view.SetViewport(80, 60);          // fit: scale 2
        view.Geometry.ZoomAt(4, 37, 23);   // scale 8, about an odd point: partial pixels at the borders
        var preview = new DialogPreview(layer);
        preview.Fit(80, 60, view.Scale, view.OffsetX, view.OffsetY);
        PreviewFrame frame = preview.Compose(null);
        for (int vy = 0; vy < 60; vy++)
        {
            for (int vx = 0; vx < 80; vx++)
            {
                (float ix, float iy) = view.ViewToImage(vx + 0.5, vy + 0.5)!.Value;
                int i = ((int)iy * 40) + (int)ix;
                Assert.AreEqual((pixels[i * 4], pixels[(i * 4) + 1], pixels[(i * 4) + 2]), Pixel(frame, vx, vy), $"view ({vx}, {vy})");
            }
        }

        // A selection running off the view is not outlined at the view's border, only where it ends.
        var coverage = new byte[40 * 30];
        coverage.AsSpan(0, 40 * 12).Fill(255); // rows 0-11; the view shows rows 8-16
        frame = preview.Compose(Mask.Wrap(coverage, 40, 30));
        Assert.AreNotEqual(DialogPreview.Outline, Pixel(frame, 40, 0), "the view's top border");
        Assert.AreNotEqual(DialogPreview.Outline, Pixel(frame, 0, 10), "the view's left border");
        int edgeRow = Enumerable.Range(0, 60).First(vy => view.ViewToImage(40.5, vy + 0.5)!.Value.Y >= 12) - 1;
        Assert.AreEqual(DialogPreview.Outline, Pixel(frame, 40, edgeRow), "the selection's own edge");
    }

    [TestMethod]
    public void ACoverageOfTheWrongSizeIsRefused()
    {
        var preview = Fitted(BgraImage.Solid(10, 10, 0, 0, 0), 20, 20);
        Assert.ThrowsExactly<ArgumentException>(() => preview.Compose(new Mask(9, 11)));
        Assert.ThrowsExactly<InvalidOperationException>(() => new DialogPreview(BgraImage.Solid(2, 2, 0, 0, 0)).Compose(null));
    }

    private static DialogPreview Fitted(BgraImage layer, int viewWidth, int viewHeight)
    {
        var view = new ClickDialogModel(layer.Width, layer.Height);
        view.SetViewport(viewWidth, viewHeight);
        var preview = new DialogPreview(layer);
        preview.Fit(viewWidth, viewHeight, view.Scale, view.OffsetX, view.OffsetY);
        return preview;
    }

    private static (byte B, byte G, byte R) Pixel(PreviewFrame frame, int x, int y)
    {
        int i = ((y * frame.Width) + x) * 4;
        return (frame.Pixels[i], frame.Pixels[i + 1], frame.Pixels[i + 2]);
    }
}
