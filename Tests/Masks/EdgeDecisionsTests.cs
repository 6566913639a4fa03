using HqSam.Core.Imaging;
using HqSam.Core.Masks;

namespace HqSam.Tests.Masks;

/// <summary>
/// The edge refinement's colour statistics (<see cref="EdgeDecisions.GatherRow"/>) against the same
/// sums written out per sample in double precision: every lane of every cell equal, at the sizes users
/// open and at an extreme aspect ratio, where a cell holds hundreds of samples; and the decisions' 3 x 3
/// sums of those statistics against the cell-by-cell loop.
/// </summary>
[TestClass]
public sealed class EdgeDecisionsTests
{
    private const int Grid = 256;

    [TestMethod]
    [DataRow(1000, 750, 0)]
    [DataRow(4000, 3000, 0)]
    [DataRow(6000, 4000, 0)]
    [DataRow(16000, 1000, 224)] // cells 62.5 x 3.9 px: a step of 1, about 250 bright samples a cell, whose squares pass 2^24
    public void StatisticsEqualTheSumsWrittenOutPerSample(int w, int h, int darkest)
    {
        var random = new Random(w + h);
        var pixels = new byte[w * h * 4];
        for (int i = 0; i < pixels.Length; i++)
        {
            pixels[i] = (byte)random.Next(darkest, 256);
        }

        var image = new BgraImage(w, h, pixels);
        var mask = new byte[w * h];
        for (int i = 0; i < mask.Length; i++)
        {
            mask[i] = random.Next(2) == 0 ? (byte)0 : (byte)255;
        }

        // Logits whose sign changes in most cells (the refiner's worst case); a few rows of cells inactive.
        var cells = new float[Grid * Grid * 2];
        for (int i = 0; i < Grid * Grid; i++)
        {
            cells[i] = (float)((random.NextDouble() * 8) - 4);
            cells[(Grid * Grid) + i] = (i / Grid) % 17 == 3 || i % 23 == 5 ? 0f : 1f;
        }

        var band = new EdgeBand(w, h, w / (float)Grid, h / (float)Grid, 0.5f);
        var stats = new float[Grid * Grid * EdgeDecisions.StatLanes];
        for (int cy = 0; cy < Grid; cy++)
        {
            EdgeDecisions.GatherRow(image, mask, cells, stats, band, cy);
        }

        float[] naive = Naive(image, mask, cells, band);
        int[] differing = [.. Enumerable.Range(0, stats.Length).Where(i => stats[i] != naive[i])];
        Assert.IsEmpty(differing, $"{differing.Length} lanes differ, the first {(differing.Length > 0 ? $"lane {differing[0]}: {stats[differing[0]]} against {naive[differing[0]]}" : "")}");
        Assert.IsGreaterThan(0f, stats.Max(), "the samples were gathered");
    }

    /// <summary>Per sample: a trusted (out-of-band) pixel adds itself to its cell's side, in double, rounded to float once.</summary>
    /// <summary>
    /// <see cref="EdgeDecisions.NeighbourhoodRow"/> adds whole rows of lanes at a time; each cell's 3 x 3
    /// sum must be the very float the cell-by-cell loop makes (the same additions in the same order),
    /// also where lanes pass 2^24 and a different order would round differently, and at the borders.
    /// </summary>
    [TestMethod]
    [DataRow(0)]
    [DataRow(1)]
    [DataRow(137)]
    [DataRow(Grid - 1)]
    public void NeighbourhoodSumsAreTheCellByCellSums(int cy)
    {
        var random = new Random(cy);
        var stats = new float[Grid * Grid * EdgeDecisions.StatLanes];
        for (int i = 0; i < stats.Length; i++)
        {
            // Whole numbers as the gathering writes them, some past 2^24, some cells empty.
            stats[i] = random.Next(4) == 0 ? 0 : random.Next(3) == 0 ? random.Next(1 << 24, 1 << 27) : random.Next(0, 5000);
        }

        var sums = new float[Grid * EdgeDecisions.StatLanes];
        EdgeDecisions.NeighbourhoodRow(stats, cy, sums);
        for (int cx = 0; cx < Grid; cx++)
        {
            for (int k = 0; k < EdgeDecisions.StatLanes; k++)
            {
                float expected = 0;
                for (int ny = Math.Max(0, cy - 1); ny <= Math.Min(Grid - 1, cy + 1); ny++)
                {
                    for (int nx = Math.Max(0, cx - 1); nx <= Math.Min(Grid - 1, cx + 1); nx++)
                    {
                        expected += stats[(((ny * Grid) + nx) * EdgeDecisions.StatLanes) + k];
                    }
                }

                Assert.AreEqual(expected, sums[(cx * EdgeDecisions.StatLanes) + k], $"cell {cx} lane {k}");
            }
        }
    }

    private static float[] Naive(BgraImage image, byte[] mask, float[] cells, EdgeBand g)
    {
        var sums = new double[Grid * Grid * EdgeDecisions.StatLanes];
        Span<float> rowLogit = stackalloc float[Grid], rowSlope = stackalloc float[Grid];
        int step = g.Step;
        for (int cy = 0; cy < Grid; cy++)
        {
            int y0 = g.Y0(cy), y1 = cy + 1 < Grid ? g.Y0(cy + 1) : g.Height;
            for (int y = y0 + (step / 2); y < y1; y += step)
            {
                g.BandRow(cells.AsSpan(0, Grid * Grid), y, rowLogit, rowSlope);
                for (int cx = 0; cx < Grid; cx++)
                {
                    if (cells[(Grid * Grid) + (cy * Grid) + cx] == 0)
                    {
                        continue;
                    }

                    int x0 = g.X0(cx), x1 = cx + 1 < Grid ? g.X0(cx + 1) : g.Width;
                    for (int x = x0 + (step / 2); x < x1; x += step)
                    {
                        if (g.InBand(rowLogit, rowSlope, x))
                        {
                            continue;
                        }

                        ReadOnlySpan<byte> px = image.GetRow(y);
                        double b = px[x * 4], gr = px[(x * 4) + 1], r = px[(x * 4) + 2];
                        int lane = (((cy * Grid) + cx) * EdgeDecisions.StatLanes) + (mask[(y * g.Width) + x] != 0 ? 0 : 5);
                        sums[lane] += 1;
                        sums[lane + 1] += r;
                        sums[lane + 2] += gr;
                        sums[lane + 3] += b;
                        sums[lane + 4] += (r * r) + (gr * gr) + (b * b);
                    }
                }
            }
        }

        return [.. sums.Select(s => (float)s)];
    }
}
