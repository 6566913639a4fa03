using HqSam.Core.Masks;

namespace HqSam.Tests.Masks;

[TestClass]
public sealed class MaskMorphologyTests
{
    [TestMethod]
    [DataRow(1)]
    [DataRow(3)]
    [DataRow(-2)]
    [DataRow(-7)]
    [DataRow(20)]
    public void MatchesANaiveSquareWindow(int radius)
    {
        const int w = 61, h = 47;
        var rng = new Random(radius + 100);
        var mask = new byte[w * h];
        for (int i = 0; i < mask.Length; i++)
        {
            mask[i] = rng.Next(10) < 3 ? (byte)255 : (byte)0;
        }

        byte[] expected = Naive(mask, w, h, radius);
        MaskMorphology.Apply(mask, w, h, radius);
        CollectionAssert.AreEqual(expected, mask);
    }

    [TestMethod]
    public void FeatherKeepsTheInteriorAndSoftensTheEdge()
    {
        const int w = 100, h = 80;
        var mask = new byte[w * h];
        for (int y = 20; y < 60; y++)
        {
            mask.AsSpan((y * w) + 20, 60).Fill(255);
        }

        MaskFeather.Apply(mask, w, h, 6);
        Assert.AreEqual(255, mask[(40 * w) + 50], "interior");
        Assert.AreEqual(0, mask[(2 * w) + 2], "far outside");
        byte edge = mask[(40 * w) + 20];
        Assert.IsTrue(edge is > 64 and < 192, $"edge {edge} is half-way");
        for (int x = 10; x < 30; x++)
        {
            Assert.IsLessThanOrEqualTo(mask[(40 * w) + x + 1], mask[(40 * w) + x], "monotonic across the edge");
        }
    }

    private static byte[] Naive(byte[] mask, int w, int h, int radius)
    {
        int r = Math.Abs(radius);
        var output = new byte[mask.Length];
        for (int y = 0; y < h; y++)
        {
            for (int x = 0; x < w; x++)
            {
                byte best = radius > 0 ? (byte)0 : (byte)255;
                for (int dy = -r; dy <= r; dy++)
                {
                    for (int dx = -r; dx <= r; dx++)
                    {
                        int sx = x + dx, sy = y + dy;
                        // Outside the canvas is neutral: growing takes nothing from it, and shrinking
                        // does not pull a selection away from the canvas edge (as editors' Contract does).
                        byte outside = radius > 0 ? (byte)0 : (byte)255;
                        byte v = sx < 0 || sy < 0 || sx >= w || sy >= h ? outside : mask[(sy * w) + sx];
                        best = radius > 0 ? Math.Max(best, v) : Math.Min(best, v);
                    }
                }

                output[(y * w) + x] = best;
            }
        }

        return output;
    }
}
