using HqSam.Core.Caching;
using HqSam.Core.Imaging;
using HqSam.Core.Masks;
using HqSam.Core.Pipeline;
using HqSam.Core.Prompts;
using HqSam.Tests.Support;

namespace HqSam.Tests.Quality;

[TestClass]
public sealed class ZoomAndCleanupTests
{
    [TestMethod]
    public void SmallObjectsAreFoundByZooming()
    {
        // A 40 px disc in a 12 MP image: 10 px at the model's 1024, under three logit cells.
        var scene = new Scene(205, 212, 222).Ellipse(0.6, 0.4, 0.005, 0.00667, 215, 40, 35);
        const int w = 4000, h = 3000;
        BgraImage image = scene.Render(w, h);
        var predictor = new SamPredictor(TestModelPair.Model, new EmbeddingCache());
        var click = new SegmentationPrompt([new PointPrompt(2400, 1200)]);
        byte[] truth = scene.Truth(0, w, h);

        double far = MaskMetrics.IoU(predictor.Segment(image, click, new SegmentationOptions { Zoom = ZoomMode.Off }).Mask, truth);
        double near = MaskMetrics.IoU(predictor.Segment(image, click).Mask, truth);
        Console.WriteLine($"small object IoU: {far:0.000} whole image, {near:0.000} zoomed in");
        Assert.IsGreaterThanOrEqualTo(0.95, near);
        Assert.IsGreaterThan(far + 0.1, near);
    }

    [TestMethod]
    public void LargeObjectsAreNotZoomed()
    {
        var prompt = new SegmentationPrompt([new PointPrompt(500, 400)]);
        var mask = new byte[1000 * 800];
        mask.AsSpan(0, mask.Length / 2).Fill(255);
        Assert.IsNull(ZoomRegion.Find(mask, 1000, 800, prompt));
        Assert.IsNotNull(ZoomRegion.Find(new byte[1000 * 800], 1000, 800, prompt), "an empty mask around one click is small");
    }

    [TestMethod]
    public void CropsAreViewsAndPromptsMoveWithThem()
    {
        var data = new byte[100 * 80 * 4];
        for (int i = 0; i < data.Length; i++)
        {
            data[i] = (byte)i;
        }

        var image = new BgraImage(100, 80, data);
        var crop = new ZoomRegion(10, 20, 30, 25);
        BgraImage view = crop.Of(image);
        CollectionAssert.AreEqual(image.GetRow(25).Slice(40, 120).ToArray(), view.GetRow(5).ToArray());
        SegmentationPrompt moved = crop.Shift(new SegmentationPrompt([new PointPrompt(15, 30, false)], new BoxPrompt(0, 0, 35, 40)));
        Assert.AreEqual(new PointPrompt(5, 10, false), moved.Points[0]);
        Assert.AreEqual(new BoxPrompt(0, 0, 25, 20), moved.Box);
    }

    [TestMethod]
    public void CleanupFillsHolesAndDropsSpecksUpToTheirArea()
    {
        var logits = new float[256 * 256];
        Array.Fill(logits, -1f);
        for (int y = 50; y < 150; y++)
        {
            for (int x = 50; x < 150; x++)
            {
                logits[(y * 256) + x] = 1f;
            }
        }

        for (int y = 90; y < 93; y++)
        {
            for (int x = 90; x < 93; x++)
            {
                logits[(y * 256) + x] = -1f; // a 9-cell hole
            }
        }

        logits[(10 * 256) + 10] = 1f; // a 1-cell speck
        logits[(11 * 256) + 11] = 1f; // diagonal neighbour: the same 8-connected speck
        float[] kept = (float[])logits.Clone();

        MaskCleanup.Apply(logits, maxHoleCells: 9, maxSpeckCells: 2);
        Assert.IsGreaterThan(0f, logits[(91 * 256) + 91], "hole filled");
        Assert.IsLessThan(0f, logits[(10 * 256) + 10], "speck removed");
        Assert.IsLessThan(0f, logits[(11 * 256) + 11]);
        Assert.IsGreaterThan(0f, logits[(100 * 256) + 100], "the object stays");
        Assert.IsLessThan(0f, logits[0], "the background stays");

        MaskCleanup.Apply(kept, maxHoleCells: 8, maxSpeckCells: 1);
        Assert.IsLessThan(0f, kept[(91 * 256) + 91], "a 9-cell hole is over an 8-cell limit");
        Assert.IsGreaterThan(0f, kept[(10 * 256) + 10], "a 2-cell speck is over a 1-cell limit");
        Assert.AreEqual(9, MaskCleanup.CellsFor(9 * 16 * 16, 4096, 4096), "source pixels to cells");
    }
}
