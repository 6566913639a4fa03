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
    [DataRow(2)]
    [DataRow(3)]
    [DataRow(-4)]
    [DataRow(9)]
    [DataRow(-13)]
    public void RoundMatchesANaiveOctagonWindow(int radius)
    {
        const int w = 53, h = 41;
        var rng = new Random(radius + 300);
        var mask = new byte[w * h];
        for (int i = 0; i < mask.Length; i++)
        {
            mask[i] = (byte)(rng.Next(10) < 2 ? rng.Next(128, 256) : rng.Next(0, 40));
        }

        (int a, int b) = MaskMorphology.Octagon(Math.Abs(radius));
        byte[] expected = Naive(mask, w, h, radius, OctagonOffsets(a, b));
        MaskMorphology.Apply(mask, w, h, radius, StructuringElement.Round);
        CollectionAssert.AreEqual(expected, mask);
    }

    [TestMethod]
    [DataRow(1, 30, 4)]
    [DataRow(30, 1, 4)]
    [DataRow(7, 5, 12)]   // radius beyond the canvas
    [DataRow(9, 9, -3)]
    [DataRow(40, 13, 6)]  // window of 13 rows: block boundaries at the last row
    [DataRow(16, 40, -9)]
    public void BothElementsMatchTheNaiveWindowOnSmallAndThinCanvases(int w, int h, int radius)
    {
        foreach (StructuringElement element in Enum.GetValues<StructuringElement>())
        {
            var rng = new Random((w * 7) + h + radius);
            var mask = new byte[w * h];
            rng.NextBytes(mask);
            (int a, int b) = element == StructuringElement.Round ? MaskMorphology.Octagon(Math.Abs(radius)) : (Math.Abs(radius), 0);
            byte[] expected = Naive(mask, w, h, radius, OctagonOffsets(a, b));
            MaskMorphology.Apply(mask, w, h, radius, element);
            CollectionAssert.AreEqual(expected, mask, element.ToString());
        }
    }

    [TestMethod]
    public void RoundGrowsAsFarAlongTheDiagonalsAsAlongTheAxes()
    {
        for (int radius = 1; radius <= 60; radius++)
        {
            const int size = 129, c = 64;
            var mask = new byte[size * size];
            mask[(c * size) + c] = 255;
            MaskMorphology.Apply(mask, size, size, radius, StructuringElement.Round);
            int axis = 0, diagonal = 0;
            while (mask[(c * size) + c + axis + 1] == 255)
            {
                axis++;
            }

            while (mask[((c + diagonal + 1) * size) + c + diagonal + 1] == 255)
            {
                diagonal++;
            }

            Assert.AreEqual(radius, axis, $"radius {radius}: along x");
            Assert.AreEqual(radius, diagonal * Math.Sqrt(2), Math.Max(1.5, 0.09 * radius), $"radius {radius}: along the diagonal");
        }
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

    /// <summary>The octagon as its definition says: every sum of a square offset and one offset from each diagonal segment.</summary>
    private static List<(int Dx, int Dy)> OctagonOffsets(int a, int b)
    {
        var set = new HashSet<(int, int)>();
        for (int sy = -a; sy <= a; sy++)
        {
            for (int sx = -a; sx <= a; sx++)
            {
                for (int t = -b; t <= b; t++)
                {
                    for (int u = -b; u <= b; u++)
                    {
                        set.Add((sx + t + u, sy + t - u));
                    }
                }
            }
        }

        return [.. set];
    }

    private static byte[] Naive(byte[] mask, int w, int h, int radius, List<(int Dx, int Dy)>? element = null)
    {
        int r = Math.Abs(radius);
        element ??= [.. from dy in Enumerable.Range(-r, (2 * r) + 1) from dx in Enumerable.Range(-r, (2 * r) + 1) select (dx, dy)];
        var output = new byte[mask.Length];
        for (int y = 0; y < h; y++)
        {
            for (int x = 0; x < w; x++)
            {
                byte best = radius > 0 ? (byte)0 : (byte)255;
                foreach ((int dx, int dy) in element)
                {
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
