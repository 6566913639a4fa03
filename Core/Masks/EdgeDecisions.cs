using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;
using HqSam.Core.Contract;
using HqSam.Core.Imaging;

namespace HqSam.Core.Masks;

/// <summary>
/// <see cref="EdgeRefiner"/>'s colour evidence: per cell near the edge, the statistics of the trusted
/// inside and outside pixels; per band pixel, whether its colour says it belongs on the other side;
/// and the coherence rule that keeps runs of such pixels and drops lone ones.
/// </summary>
internal static class EdgeDecisions
{
    /// <summary>Lanes per cell in the statistics: inside count, R, G, B, sum of squares; outside the same.</summary>
    public const int StatLanes = 10;

    /// <summary>Wanted neighbours a wanted flip needs to be kept (see <see cref="KeepCoherent"/>).</summary>
    private const int MinNeighbours = 2;

    private const int Grid = SamContract.LowResSize;

    /// <summary>
    /// Colour statistics of trusted inside and outside pixels, per cell of row <paramref name="cy"/> near
    /// an edge, written into that row's lanes of <paramref name="stats"/>. Each sampled row's share of a
    /// cell is summed in integer locals and added to the row's whole-number totals once, which become
    /// floats at the end: adding into float lanes per sample made every sample wait on the previous
    /// one's store, and past 2^24 (a cell of hundreds of samples, at extreme aspect ratios) rounded as it went.
    /// Which samples lie outside the band is worked out for a whole pixel row of cells at once
    /// (<see cref="EdgeSamples.Trusted"/>): one test per sample had been about half of this pass
    /// (12 MP worst case on one thread, session 16: 8.0 -> 6.7 ms).
    /// </summary>
    public static void GatherRow(BgraImage image, ReadOnlySpan<byte> mask, float[] cells, float[] stats, EdgeBand g, int cy)
    {
        ReadOnlySpan<float> logit = cells.AsSpan(0, Grid * Grid), active = cells.AsSpan(Grid * Grid, Grid * Grid);
        int step = g.Step;
        int y0 = g.Y0(cy), y1 = g.Y1(cy);
        if (!active.Slice(cy * Grid, Grid).ContainsAnyExcept(0f))
        {
            return;
        }

        Span<long> totals = stackalloc long[Grid * StatLanes];
        totals.Clear();

        // The row's logits and slopes with a spare element either side, for the samples' vectors.
        Span<float> paddedLogit = stackalloc float[Grid + 2], paddedSlope = stackalloc float[Grid + 2];
        Span<float> rowLogit = paddedLogit.Slice(1, Grid), rowSlope = paddedSlope.Slice(1, Grid);
        ReadOnlySpan<float> rowActive = active.Slice(cy * Grid, Grid);
        EdgeSamples samples = g.Samples;
        int[] rented = ArrayPool<int>.Shared.Rent(samples.Slots * Grid);
        Span<int> trusted = rented.AsSpan(0, samples.Slots * Grid);
        try
        {
            for (int y = y0 + (step / 2); y < y1; y += step)
            {
                g.BandRow(logit, y, rowLogit, rowSlope);
                ReadOnlySpan<byte> px = image.GetRow(y);
                ReadOnlySpan<byte> selected = mask.Slice(y * g.Width, g.Width);
                if (samples.Vectorised)
                {
                    samples.Trusted(paddedLogit, paddedSlope, trusted);
                }

                for (int cx = 0; cx < Grid; cx++)
                {
                    if (rowActive[cx] == 0)
                    {
                        continue;
                    }

                    // A row's share of a cell: counts and channel sums fit an int at any width; squares get a long.
                    int inN = 0, inR = 0, inG = 0, inB = 0, outN = 0, outR = 0, outG = 0, outB = 0;
                    long inSquares = 0, outSquares = 0;
                    for (int k = cx, end = cx + (samples.Count[cx] * Grid); k < end; k += Grid)
                    {
                        int x = samples.X[k];
                        if (samples.Vectorised ? trusted[k] == 0 : g.InBand(rowLogit, rowSlope, x))
                        {
                            continue;
                        }

                        int b = px[x * 4], gr = px[(x * 4) + 1], r = px[(x * 4) + 2];
                        int squares = (r * r) + (gr * gr) + (b * b);
                        if (selected[x] != 0)
                        {
                            (inN, inR, inG, inB, inSquares) = (inN + 1, inR + r, inG + gr, inB + b, inSquares + squares);
                        }
                        else
                        {
                            (outN, outR, outG, outB, outSquares) = (outN + 1, outR + r, outG + gr, outB + b, outSquares + squares);
                        }
                    }

                    Span<long> t = totals.Slice(cx * StatLanes, StatLanes);
                    (t[0], t[1], t[2], t[3], t[4]) = (t[0] + inN, t[1] + inR, t[2] + inG, t[3] + inB, t[4] + inSquares);
                    (t[5], t[6], t[7], t[8], t[9]) = (t[5] + outN, t[6] + outR, t[7] + outG, t[8] + outB, t[9] + outSquares);
                }
            }
        }
        finally
        {
            ArrayPool<int>.Shared.Return(rented);
        }

        Span<float> lanes = stats.AsSpan(cy * Grid * StatLanes, Grid * StatLanes);
        for (int k = 0; k < lanes.Length; k++)
        {
            lanes[k] = totals[k];
        }
    }

    /// <summary>The band pixels of cell row <paramref name="cy"/> that should change side, in raster order.</summary>
    public static List<int> DecideRow(BgraImage image, ReadOnlySpan<byte> mask, float[] cells, float[] stats, EdgeBand g, int cy)
    {
        ReadOnlySpan<float> logit = cells.AsSpan(0, Grid * Grid), active = cells.AsSpan(Grid * Grid, Grid * Grid);
        var flips = new List<int>();
        int y0 = g.Y0(cy), y1 = g.Y1(cy);

        // Each cell's two sides: the statistics of the cells within one cell around it.
        Span<Vector3> inside = stackalloc Vector3[Grid], outside = stackalloc Vector3[Grid];
        Span<float> typicalIn = stackalloc float[Grid], typicalOut = stackalloc float[Grid];
        Span<int> edges = stackalloc int[Grid];
        int edgeCount = 0;
        if (!active.Slice(cy * Grid, Grid).ContainsAnyExcept(0f))
        {
            return flips;
        }

        Span<float> neighbourhood = stackalloc float[Grid * StatLanes];
        NeighbourhoodRow(stats, cy, neighbourhood);
        for (int cx = 0; cx < Grid; cx++)
        {
            if (active[(cy * Grid) + cx] == 0)
            {
                continue;
            }

            ReadOnlySpan<float> sum = neighbourhood.Slice(cx * StatLanes, StatLanes);
            if (sum[0] < 4 || sum[5] < 4)
            {
                continue; // one side is not seen nearby
            }

            var meanIn = new Vector3(sum[1], sum[2], sum[3]) / sum[0];
            var meanOut = new Vector3(sum[6], sum[7], sum[8]) / sum[5];
            float spreadIn = Math.Max(0, (sum[4] / sum[0]) - meanIn.LengthSquared());
            float spreadOut = Math.Max(0, (sum[9] / sum[5]) - meanOut.LengthSquared());
            float contrast = Vector3.DistanceSquared(meanIn, meanOut);

            // An edge: the sides differ clearly, and by more than they vary within themselves.
            if (contrast >= EdgeRefiner.MinContrast && contrast > EdgeRefiner.Separation * (spreadIn + spreadOut))
            {
                (inside[cx], outside[cx]) = (meanIn, meanOut);
                edges[edgeCount++] = cx;

                // How far from its side's mean a colour may be and still belong there: a colour unlike
                // either side (projecting past one mean) is not evidence for that side.
                typicalIn[cx] = (EdgeRefiner.Typical * spreadIn) + (0.25f * EdgeRefiner.MinContrast);
                typicalOut[cx] = (EdgeRefiner.Typical * spreadOut) + (0.25f * EdgeRefiner.MinContrast);
            }
        }

        if (edgeCount == 0)
        {
            return flips;
        }

        edges = edges[..edgeCount];

        Span<float> rowLogit = stackalloc float[Grid], rowSlope = stackalloc float[Grid];
        for (int y = y0; y < y1; y++)
        {
            // The band's row values only where the cells that show an edge read them (each pixel's
            // bilinear patch): a full row of 256 for each pixel row cost more than the pixels' own tests.
            foreach (int cx in edges)
            {
                int x0 = g.X0(cx), x1 = g.X1(cx);
                if (x1 > x0)
                {
                    g.BandRow(logit, y, rowLogit, rowSlope, g.Left[x0], g.Left[x1 - 1] + 2);
                }
            }

            ReadOnlySpan<byte> px = image.GetRow(y);
            ReadOnlySpan<byte> above = y > 0 ? image.GetRow(y - 1) : default, below = y + 1 < g.Height ? image.GetRow(y + 1) : default;
            ReadOnlySpan<byte> row = mask.Slice(y * g.Width, g.Width);
            if (y + 1 < y1)
            {
                Prefetch(image.GetRow(y + 1), mask.Slice((y + 1) * g.Width, g.Width), edges, g);
            }

            foreach (int cx in edges)
            {
                Vector3 axis = inside[cx] - outside[cx];
                float scale = 1f / axis.LengthSquared();
                int x0 = g.X0(cx), x1 = g.X1(cx);
                for (int x = x0; x < x1; x++)
                {
                    if (x == x0 || g.Left[x] != g.Left[x - 1])
                    {
                        // A new bilinear patch: jump to where the band starts in it (or past it).
                        int end = Math.Min(x1, g.PatchEnd[x]);
                        int start = g.FirstInBand(rowLogit, rowSlope, x, end);
                        if (start > x)
                        {
                            x = start - 1;
                            continue;
                        }
                    }

                    if (!g.InBand(rowLogit, rowSlope, x))
                    {
                        continue;
                    }

                    // 0 = the outside mean, 1 = the inside mean: the pixel itself and its 3 x 3 mean must
                    // both lie clearly on the other side (the mean, dearer, only when the pixel does).
                    var colour = new Vector3(px[(x * 4) + 2], px[(x * 4) + 1], px[x * 4]);
                    float own = Vector3.Dot(colour - outside[cx], axis) * scale;
                    bool on = row[x] != 0;
                    (Vector3 target, float typical) = on ? (outside[cx], typicalOut[cx]) : (inside[cx], typicalIn[cx]);
                    if ((on ? own < 0.5f - EdgeRefiner.Margin : own > 0.5f + EdgeRefiner.Margin) && Vector3.DistanceSquared(colour, target) <= typical)
                    {
                        Vector3 smoothed = Smoothed(above, px, below, x, g.Width);
                        float t = Vector3.Dot(smoothed - outside[cx], axis) * scale;
                        if ((on ? t < 0.5f - EdgeRefiner.Margin : t > 0.5f + EdgeRefiner.Margin) && Vector3.DistanceSquared(smoothed, target) <= typical)
                        {
                            flips.Add((y * g.Width) + x);
                        }
                    }
                }
            }
        }

        return flips;
    }

    /// <summary>
    /// Asks for the next pixel row's colours and mask bytes under the cells that show an edge before they
    /// are read. The decisions jump from cell to cell along a row and then down to the next row, which no
    /// hardware prefetcher follows; waiting on those reads was about 1 ms of the 12 MP worst case's
    /// 5.7 ms of decisions on one thread (session 16). Where x86's prefetch is missing (Arm) the reads just wait.
    /// </summary>
    private static unsafe void Prefetch(ReadOnlySpan<byte> px, ReadOnlySpan<byte> row, ReadOnlySpan<int> edges, EdgeBand g)
    {
        if (!Sse.IsSupported)
        {
            return;
        }

        fixed (byte* colours = px)
        fixed (byte* selected = row)
        {
            foreach (int cx in edges)
            {
                int x0 = g.X0(cx), x1 = g.X1(cx);
                Sse.Prefetch0(colours + (x0 * 4));
                Sse.Prefetch0(colours + Math.Max(x0 * 4, (x1 * 4) - 1)); // a cell's colours span two lines at most from 16 pixels
                Sse.Prefetch0(selected + x0);
            }
        }
    }

    /// <summary>
    /// The 3 x 3 sums of <paramref name="stats"/> around every cell of row <paramref name="cy"/> (cells
    /// past the grid's border count as nothing), lane by lane, into <paramref name="sums"/>. Whole rows
    /// of lanes are added at a time, shifted by one cell for the left and right neighbours, in the order
    /// a cell-by-cell sum takes (upper row to lower, left to right), so each sum is the same float: a
    /// refined click visits up to every cell, and nine 10-lane sums per cell took about 2 ms of a 12 MP
    /// click's decisions (session 15).
    /// </summary>
    internal static void NeighbourhoodRow(ReadOnlySpan<float> stats, int cy, Span<float> sums)
    {
        const int RowLanes = Grid * StatLanes;
        sums = sums[..RowLanes];
        sums.Clear();
        for (int ny = Math.Max(0, cy - 1); ny <= Math.Min(Grid - 1, cy + 1); ny++)
        {
            ReadOnlySpan<float> row = stats.Slice(ny * RowLanes, RowLanes);
            System.Numerics.Tensors.TensorPrimitives.Add(sums[StatLanes..], row[..^StatLanes], sums[StatLanes..]);
            System.Numerics.Tensors.TensorPrimitives.Add(sums, row, sums);
            System.Numerics.Tensors.TensorPrimitives.Add(sums[..^StatLanes], row[StatLanes..], sums[..^StatLanes]);
        }
    }

    /// <summary>
    /// Drops wanted flips with fewer than <see cref="MinNeighbours"/> wanted neighbours (8-neighbourhood).
    /// An edge that really sits elsewhere moves a whole run of pixels; a lone pixel whose colour happens
    /// to resemble the other side is texture, not an edge.
    /// </summary>
    public static void KeepCoherent(List<int>[] candidates, int w, int h, CancellationToken cancellationToken)
    {
        long total = candidates.Sum(c => (long)c.Count);
        if (total == 0)
        {
            return;
        }

        ulong[] bits = ArrayPool<ulong>.Shared.Rent((int)((((long)w * h) + 63) / 64));
        try
        {
            Array.Clear(bits, 0, (int)((((long)w * h) + 63) / 64));
            foreach (List<int> list in candidates)
            {
                foreach (int i in list)
                {
                    bits[i >> 6] |= 1UL << (i & 63);
                }
            }

            Parallel.For(0, candidates.Length, new ParallelOptions { CancellationToken = cancellationToken }, cy =>
                candidates[cy].RemoveAll(i => Neighbours(bits, w, h, i) < MinNeighbours));
        }
        finally
        {
            ArrayPool<ulong>.Shared.Return(bits);
        }
    }

    private static int Neighbours(ulong[] bits, int w, int h, int i)
    {
        int x = i % w, y = i / w, n = 0;
        for (int k = 0; k < 8; k++)
        {
            int nx = x + SimplePointFlips.Ring[k].X, ny = y + SimplePointFlips.Ring[k].Y;
            if ((uint)nx < (uint)w && (uint)ny < (uint)h)
            {
                int j = (ny * w) + nx;
                n += (int)((bits[j >> 6] >> (j & 63)) & 1);
            }
        }

        return n;
    }

    /// <summary>
    /// The 3 x 3 mean colour around pixel <paramref name="x"/> of <paramref name="row"/> (R, G, B; rows
    /// past the image's border are empty): texture and noise average out, while the point where a soft
    /// edge crosses halfway between the two sides stays where it is. The channels are summed as whole
    /// numbers, exact in any order, then divided as floats. The rows come from the caller, once per
    /// pixel row. It runs for tens of thousands of pixels a click on a busy picture: fetching three rows
    /// per call, summing floats, cost about 2 ms of the decisions on one thread on the benchmarks'
    /// generated 12 MP picture (session 16: 6.6-7.4 -> 4.5 ms).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector3 Smoothed(ReadOnlySpan<byte> above, ReadOnlySpan<byte> row, ReadOnlySpan<byte> below, int x, int width)
    {
        int x0 = Math.Max(0, x - 1), x1 = Math.Min(width - 1, x + 1);
        int r = 0, g = 0, b = 0;
        SumColours(row, x0, x1, ref r, ref g, ref b);
        SumColours(above, x0, x1, ref r, ref g, ref b);
        SumColours(below, x0, x1, ref r, ref g, ref b);
        int rows = 1 + (above.IsEmpty ? 0 : 1) + (below.IsEmpty ? 0 : 1);
        return new Vector3(r, g, b) / ((x1 - x0 + 1) * rows);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void SumColours(ReadOnlySpan<byte> row, int x0, int x1, ref int r, ref int g, ref int b)
    {
        if (row.IsEmpty)
        {
            return;
        }

        for (int x = x0; x <= x1; x++)
        {
            (r, g, b) = (r + row[(x * 4) + 2], g + row[(x * 4) + 1], b + row[x * 4]);
        }
    }
}
