using HqSam.Core.Imaging;
using HqSam.Core.Pipeline;

namespace HqSam.Tests.Pipeline;

/// <summary>
/// <see cref="MaskFinisher.WarmUp"/> is only worth its half second if its made-up picture runs every
/// pass a real click runs, the refinement's decisions and flips included: a picture on which the
/// refinement found nothing to move would warm up the upsampling alone, and nothing would say so.
/// </summary>
[TestClass]
public sealed class MaskFinisherWarmUpTests
{
    [TestMethod]
    public void TheWarmUpPictureMakesTheRefinementMoveEdges()
    {
        (float[] logits, BgraImage image) = MaskFinisher.WarmUpPicture();
        var finisher = new MaskFinisher();
        var plain = new byte[image.Width * image.Height];
        var refined = new byte[plain.Length];
        finisher.Plain((float[])logits.Clone(), image.Width, image.Height, new SegmentationOptions { EdgeStrength = 0 }, image, plain);
        finisher.Plain((float[])logits.Clone(), image.Width, image.Height, new SegmentationOptions(), image, refined);

        int moved = plain.Zip(refined).Count(p => p.First != p.Second);
        int selected = plain.Count(b => b != 0);
        Assert.IsGreaterThan(image.Width * image.Height / 4, selected, "the blobs select a good part of the picture");
        Assert.IsGreaterThan(1000, moved, "the refinement moved edges across the picture");
    }

    [TestMethod]
    public void WarmingUpLeavesTheNextMaskAsItWouldBe()
    {
        (float[] logits, BgraImage image) = MaskFinisher.WarmUpPicture();
        var cold = new byte[image.Width * image.Height];
        var warm = new byte[cold.Length];
        new MaskFinisher().Plain((float[])logits.Clone(), image.Width, image.Height, new SegmentationOptions(), image, cold);
        var finisher = new MaskFinisher();
        finisher.WarmUp();
        finisher.Plain((float[])logits.Clone(), image.Width, image.Height, new SegmentationOptions(), image, warm);
        CollectionAssert.AreEqual(cold, warm);
    }
}
