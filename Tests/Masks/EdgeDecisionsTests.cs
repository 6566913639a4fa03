using System.Numerics;
using HqSam.Core.Imaging;
using HqSam.Core.Masks;
using HqSam.Tests.Support;

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
    [DataRow(180, 4000, 0)] // cells 0.7 px wide: a sample's patch can lie two cells left, so each sample is tested on its own
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
        if (Vector.IsHardwareAccelerated)
        {
            Assert.AreEqual(w >= Grid, band.Samples.Vectorised, "cells a pixel wide or more are tested a vector of cells at a time");
        }

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

    /// <summary>
    /// <see cref="EdgeDecisions.DecideRow"/> works out the band's row values only around the cells that
    /// show an edge, prefetches the next row and skips to where the band starts in each bilinear patch;
    /// the pixels it picks must be the ones the rule picks written out per pixel over whole rows, on an
    /// ellipse whose plain edge wobbles either side of the true one: at the sizes users open, at an
    /// extreme aspect ratio, and where a cell is narrower than a pixel.
    /// </summary>
    [TestMethod]
    [DataRow(1000, 750, 0.5)]
    [DataRow(4000, 3000, 0.5)]
    [DataRow(16000, 1000, 0.5)]
    [DataRow(180, 4000, 0.5)] // cells 0.7 px wide: a pixel's bilinear patch may start two cells to its left
    [DataRow(1000, 750, 0.0)] // the edge runs off the top of the picture
    public void DecisionsAreTheRuleWrittenOutPerPixel(int w, int h, double centreY)
    {
        BgraImage image = new Scene(230, 226, 220).Ellipse(0.5, centreY, 0.3, 0.25, 40, 90, 30).Render(w, h);
        var cells = new float[Grid * Grid * 2];
        for (int j = 0; j < Grid; j++)
        {
            for (int i = 0; i < Grid; i++)
            {
                double u = (((i + 0.5) / Grid) - 0.5) / 0.3, v = (((j + 0.5) / Grid) - centreY) / 0.25;
                double wobble = 0.012 * Math.Sin((9 * Math.Atan2(v, u)) + 1);
                cells[(j * Grid) + i] = (float)((1 + wobble - Math.Sqrt((u * u) + (v * v))) * 40);
            }
        }

        var mask = new byte[w * h];
        new MaskUpsampler().Run(cells.AsSpan(0, Grid * Grid), w, h, mask);
        EdgeBand.ActiveCells(cells.AsSpan(0, Grid * Grid), cells.AsSpan(Grid * Grid), 2);
        var band = new EdgeBand(w, h, w / (float)Grid, h / (float)Grid, 0.5f);
        var stats = new float[Grid * Grid * EdgeDecisions.StatLanes];
        for (int cy = 0; cy < Grid; cy++)
        {
            EdgeDecisions.GatherRow(image, mask, cells, stats, band, cy);
        }

        int total = 0;
        for (int cy = 0; cy < Grid; cy++)
        {
            List<int> flips = EdgeDecisions.DecideRow(image, mask, cells, stats, band, cy);
            List<int> expected = NaiveDecisions(image, mask, cells, stats, band, cy);
            CollectionAssert.AreEqual(expected, flips, $"cell row {cy}: {flips.Count} flips against {expected.Count}");
            total += flips.Count;
        }

        Assert.IsGreaterThan(w * h / 20000, total, "the wobbling edge moves pixels");
    }

    /// <summary>
    /// The decisions' 3 x 3 mean colour sums whole numbers from rows the caller fetched once per pixel
    /// row; at every pixel of a small noisy picture, corners and borders included (where the window
    /// holds four or six pixels), it must be the mean written out in floats.
    /// </summary>
    [TestMethod]
    public void ThreeByThreeMeansAreTheMeansWrittenOut()
    {
        const int W = 7, H = 5;
        var random = new Random(3);
        var pixels = new byte[W * H * 4];
        random.NextBytes(pixels);
        var image = new BgraImage(W, H, pixels);
        for (int y = 0; y < H; y++)
        {
            ReadOnlySpan<byte> above = y > 0 ? image.GetRow(y - 1) : default, below = y + 1 < H ? image.GetRow(y + 1) : default;
            for (int x = 0; x < W; x++)
            {
                Assert.AreEqual(Mean3x3(image, x, y), EdgeDecisions.Smoothed(above, image.GetRow(y), below, x, W), $"pixel {x},{y}");
            }
        }
    }

    /// <summary>Per pixel of cell row <paramref name="cy"/>, over whole rows: the edge rule of <see cref="EdgeRefiner"/> as its summary states it.</summary>
    private static List<int> NaiveDecisions(BgraImage image, byte[] mask, float[] cells, float[] stats, EdgeBand g, int cy)
    {
        var flips = new List<int>();
        Span<float> rowLogit = stackalloc float[Grid], rowSlope = stackalloc float[Grid];
        int y0 = g.Y0(cy), y1 = cy + 1 < Grid ? g.Y0(cy + 1) : g.Height;
        for (int y = y0; y < y1; y++)
        {
            g.BandRow(cells.AsSpan(0, Grid * Grid), y, rowLogit, rowSlope);
            for (int cx = 0; cx < Grid; cx++)
            {
                if (cells[(Grid * Grid) + (cy * Grid) + cx] == 0)
                {
                    continue;
                }

                // The two sides: the 3 x 3 cells' statistics, added upper row to lower, left to right.
                var sum = new float[EdgeDecisions.StatLanes];
                for (int ny = Math.Max(0, cy - 1); ny <= Math.Min(Grid - 1, cy + 1); ny++)
                {
                    for (int nx = Math.Max(0, cx - 1); nx <= Math.Min(Grid - 1, cx + 1); nx++)
                    {
                        for (int k = 0; k < sum.Length; k++)
                        {
                            sum[k] += stats[(((ny * Grid) + nx) * EdgeDecisions.StatLanes) + k];
                        }
                    }
                }

                if (sum[0] < 4 || sum[5] < 4)
                {
                    continue;
                }

                var meanIn = new Vector3(sum[1], sum[2], sum[3]) / sum[0];
                var meanOut = new Vector3(sum[6], sum[7], sum[8]) / sum[5];
                float spreadIn = Math.Max(0, (sum[4] / sum[0]) - meanIn.LengthSquared());
                float spreadOut = Math.Max(0, (sum[9] / sum[5]) - meanOut.LengthSquared());
                float contrast = Vector3.DistanceSquared(meanIn, meanOut);
                if (contrast < EdgeRefiner.MinContrast || contrast <= EdgeRefiner.Separation * (spreadIn + spreadOut))
                {
                    continue;
                }

                Vector3 axis = meanIn - meanOut;
                float scale = 1f / axis.LengthSquared();
                int x0 = g.X0(cx), x1 = cx + 1 < Grid ? g.X0(cx + 1) : g.Width;
                for (int x = x0; x < x1; x++)
                {
                    if (!g.InBand(rowLogit, rowSlope, x))
                    {
                        continue;
                    }

                    bool on = mask[(y * g.Width) + x] != 0;
                    (Vector3 target, float typical) = on
                        ? (meanOut, (EdgeRefiner.Typical * spreadOut) + (0.25f * EdgeRefiner.MinContrast))
                        : (meanIn, (EdgeRefiner.Typical * spreadIn) + (0.25f * EdgeRefiner.MinContrast));
                    bool OtherSide(Vector3 colour)
                    {
                        float t = Vector3.Dot(colour - meanOut, axis) * scale;
                        return (on ? t < 0.5f - EdgeRefiner.Margin : t > 0.5f + EdgeRefiner.Margin) && Vector3.DistanceSquared(colour, target) <= typical;
                    }

                    if (OtherSide(Colour(image, x, y)) && OtherSide(Mean3x3(image, x, y)))
                    {
                        flips.Add((y * g.Width) + x);
                    }
                }
            }
        }

        return flips;
    }

    private static Vector3 Colour(BgraImage image, int x, int y)
    {
        ReadOnlySpan<byte> row = image.GetRow(y);
        return new Vector3(row[(x * 4) + 2], row[(x * 4) + 1], row[x * 4]);
    }

    private static Vector3 Mean3x3(BgraImage image, int x, int y)
    {
        var sum = Vector3.Zero;
        int n = 0;
        for (int ny = Math.Max(0, y - 1); ny <= Math.Min(image.Height - 1, y + 1); ny++)
        {
            for (int nx = Math.Max(0, x - 1); nx <= Math.Min(image.Width - 1, x + 1); nx++)
            {
                sum += Colour(image, nx, ny);
                n++;
            }
        }

        return sum / n;
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
