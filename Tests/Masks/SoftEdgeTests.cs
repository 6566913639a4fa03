using HqSam.Core.Imaging;
using HqSam.Core.Masks;
using HqSam.TestModels.Quality;

namespace HqSam.Tests.Masks;

/// <summary>The soft edge's tiled kernel against the guided filter written out over the whole image.</summary>
[TestClass]
public sealed class SoftEdgeTests
{
    [TestMethod]
    [DataRow(SoftEdgeKind.Hair, 1)]
    [DataRow(SoftEdgeKind.Hair, 2)]
    [DataRow(SoftEdgeKind.Blurred, 5)]
    [DataRow(SoftEdgeKind.Hard, 8)]
    [DataRow(SoftEdgeKind.MotionBlurred, 20)]
    public void TheTiledKernelMatchesTheWholeImageFilter(SoftEdgeKind kind, int width)
    {
        // An odd size over several tiles, so tile seams, clipped windows and image edges all occur.
        SoftEdgeScene scene = SoftEdgeScene.Build("chelsea.jpg", "rocket.jpg", 333, 251, kind, seed: 5);
        float[] expected = GuidedAlpha.Estimate(scene.Image, scene.Mask, width);
        byte[] mask = (byte[])scene.Mask.Clone();
        SoftEdge.Apply(scene.Image, mask, width);

        int soft = 0;
        for (int i = 0; i < mask.Length; i++)
        {
            int want = (int)MathF.Round(expected[i] * 255);
            Assert.IsLessThanOrEqualTo(1, Math.Abs(mask[i] - want), $"pixel ({i % 333}, {i / 333}): {mask[i]}, whole-image filter {want}");
            soft += mask[i] is > 0 and < 255 ? 1 : 0;
        }

        Assert.IsGreaterThan(100, soft, "the band got partial alpha");
    }

    [TestMethod]
    public void AwayFromTheEdgeAndWithoutAnEdgeTheMaskStaysAsItWas()
    {
        SoftEdgeScene scene = SoftEdgeScene.Build("coffee.jpg", "astronaut.jpg", 200, 150, SoftEdgeKind.Hair, seed: 9);
        byte[] mask = (byte[])scene.Mask.Clone();
        SoftEdge.Apply(scene.Image, mask, 0);
        CollectionAssert.AreEqual(scene.Mask, mask, "width 0");

        SoftEdge.Apply(scene.Image, mask, 3);
        byte[] grown = (byte[])scene.Mask.Clone(), shrunk = (byte[])scene.Mask.Clone();
        MaskMorphology.Apply(grown, 200, 150, 3);
        MaskMorphology.Apply(shrunk, 200, 150, -3);
        for (int i = 0; i < mask.Length; i++)
        {
            if (grown[i] == 0 || shrunk[i] != 0)
            {
                Assert.AreEqual(scene.Mask[i], mask[i], $"pixel {i} is more than 3 pixels from the edge");
            }
        }

        foreach (byte value in new byte[] { 0, 255 })
        {
            byte[] flat = Enumerable.Repeat(value, 200 * 150).ToArray();
            SoftEdge.Apply(scene.Image, flat, 8);
            Assert.IsTrue(flat.All(v => v == value), "no edge, nothing to soften");
        }

        Assert.ThrowsExactly<ArgumentException>(() => SoftEdge.Apply(scene.Image, new byte[10], 2));
    }
}
