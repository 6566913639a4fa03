using System.Buffers;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using HqSam.Core.Contract;

namespace HqSam.Core.Masks;

/// <summary>
/// <see cref="EdgeRefiner"/>'s band of doubt: which logit cells an edge can touch, and pixel ↔ cell
/// arithmetic shared by its passes. Per column, the bilinear source cells and weight (half-pixel
/// centres, as the upsampler) and where the next bilinear patch starts, computed once a call.
/// </summary>
internal sealed class EdgeBand
{
    private const int Grid = SamContract.LowResSize;

    public EdgeBand(int width, int height, float cellW, float cellH, float band)
    {
        (Width, Height, CellW, CellH, Band) = (width, height, cellW, cellH, band);
        Left = new int[width];
        Weight = new float[width];
        PatchEnd = new int[width];
        for (int x = 0; x < width; x++)
        {
            float u = Math.Clamp(((x + 0.5f) / cellW) - 0.5f, 0, Grid - 1);
            Left[x] = Math.Min(Grid - 2, (int)u);
            Weight[x] = u - Left[x];
        }

        for (int x = width - 1; x >= 0; x--)
        {
            PatchEnd[x] = x + 1 < width && Left[x + 1] == Left[x] ? PatchEnd[x + 1] : x + 1;
        }

        Samples = new EdgeSamples(this);
    }

    /// <summary>Where the colour statistics sample each pixel row.</summary>
    public EdgeSamples Samples { get; }

    /// <summary>Per column: the first column past it in another bilinear patch.</summary>
    public int[] PatchEnd { get; }

    /// <summary>
    /// Within one bilinear patch, from <paramref name="first"/> up to <paramref name="end"/>: the
    /// first column that may be in the band, found from where the band condition (quadratic in the
    /// patch weight) turns true, one column early for safety; <paramref name="end"/> when none can.
    /// Columns from there on are still tested one by one, so this only skips, never decides.
    /// </summary>
    public int FirstInBand(ReadOnlySpan<float> rowLogit, ReadOnlySpan<float> rowSlope, int first, int end)
    {
        if (!MayTouchBand(rowLogit, rowSlope, first, end - 1))
        {
            return end;
        }

        int i = Left[first];
        float r = rowLogit[i], du = rowLogit[i + 1] - rowLogit[i], sv = rowSlope[i], ds = rowSlope[i + 1] - rowSlope[i];
        float b2 = Band * Band;

        // (r + f du)^2 - b2 (du^2 + (sv + f ds)^2) < 0, i.e. qa f^2 + qb f + qc < 0.
        float qa = (du * du) - (b2 * ds * ds), qb = 2 * ((r * du) - (b2 * sv * ds)), qc = (r * r) - (b2 * du * du) - (b2 * sv * sv);
        if (qc < 0 || qa <= 0)
        {
            return first; // true at the patch's start, or a downward parabola: no cheap bound, test every column
        }

        float disc = (qb * qb) - (4 * qa * qc);
        if (disc < 0)
        {
            return end;
        }

        float root = (-qb - MathF.Sqrt(disc)) / (2 * qa);
        if (root > Weight[end - 1])
        {
            return end;
        }

        // The first column whose weight reaches the root, less one.
        int x = first;
        while (x < end && Weight[x] < root)
        {
            x++;
        }

        return Math.Max(first, x - 1);
    }

    /// <summary>
    /// Whether any pixel from <paramref name="first"/> to <paramref name="last"/> (one bilinear
    /// patch) can lie in the band: the logit is linear along the row, so its smallest magnitude is
    /// at an end (or zero between them), and the largest gradient is at an end too.
    /// </summary>
    private bool MayTouchBand(ReadOnlySpan<float> rowLogit, ReadOnlySpan<float> rowSlope, int first, int last)
    {
        int i = Left[first];
        float du = rowLogit[i + 1] - rowLogit[i], ds = rowSlope[i + 1] - rowSlope[i];
        float a = rowLogit[i] + (Weight[first] * du), b = rowLogit[i] + (Weight[last] * du);
        float nearest = (a > 0) != (b > 0) ? 0 : Math.Min(MathF.Abs(a), MathF.Abs(b));
        float dvA = rowSlope[i] + (Weight[first] * ds), dvB = rowSlope[i] + (Weight[last] * ds);
        float steepest = (du * du) + Math.Max(dvA * dvA, dvB * dvB);
        return nearest * nearest < Band * Band * steepest;
    }

    public int Width { get; }

    public int Height { get; }

    public float CellW { get; }

    public float CellH { get; }

    public float Band { get; }

    public int[] Left { get; }

    public float[] Weight { get; }

    /// <summary>The first pixel column of cell column <paramref name="cx"/>.</summary>
    public int X0(int cx) => (int)(cx * CellW);

    /// <summary>The first pixel column past cell column <paramref name="cx"/>.</summary>
    public int X1(int cx) => cx + 1 < Grid ? X0(cx + 1) : Width;

    /// <summary>The first pixel row of cell row <paramref name="cy"/>.</summary>
    public int Y0(int cy) => (int)(cy * CellH);

    /// <summary>The first pixel row past cell row <paramref name="cy"/>.</summary>
    public int Y1(int cy) => cy + 1 < Grid ? Y0(cy + 1) : Height;

    /// <summary>
    /// Sampling step for the statistics: about four samples per cell side, to the nearest step (rounding
    /// down sampled six to eight a side at 12 MP, 2.3 times the reads, for the same photographs' scores:
    /// docs/selection-quality.md).
    /// </summary>
    public int Step => Math.Max(1, (int)MathF.Round(Math.Min(CellW, CellH) / 4));

    /// <summary>
    /// For pixel row <paramref name="y"/>: the logits interpolated down each column of cells, and
    /// their rate of change down the column (per cell).
    /// </summary>
    public void BandRow(ReadOnlySpan<float> logit, int y, Span<float> rowLogit, Span<float> rowSlope) => BandRow(logit, y, rowLogit, rowSlope, 0, Grid);

    /// <summary><see cref="BandRow(ReadOnlySpan{float}, int, Span{float}, Span{float})"/> for the columns of cells from <paramref name="from"/> up to <paramref name="to"/> only.</summary>
    public void BandRow(ReadOnlySpan<float> logit, int y, Span<float> rowLogit, Span<float> rowSlope, int from, int to)
    {
        float v = Math.Clamp(((y + 0.5f) / CellH) - 0.5f, 0, Grid - 1);
        int j0 = Math.Min(Grid - 2, (int)v);
        float fv = v - j0;
        ReadOnlySpan<float> a = logit.Slice(j0 * Grid, Grid), b = logit.Slice((j0 + 1) * Grid, Grid);
        for (int i = from; i < to; i++)
        {
            rowLogit[i] = a[i] + (fv * (b[i] - a[i]));
            rowSlope[i] = b[i] - a[i];
        }
    }

    /// <summary>
    /// Whether pixel <paramref name="x"/> of the row lies within the band of the plain edge: the
    /// bilinear logit's distance to its zero, |logit| / |gradient| of the same bilinear patch, in cells.
    /// </summary>
    /// <remarks>
    /// Inlined: its callers are compiled fully optimised at once (they use stackalloc), without the
    /// profile that would inline it, and the call per sample cost about 0.7 ms of the statistics' 9.7 ms
    /// (12 MP worst case, one thread, session 16).
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool InBand(ReadOnlySpan<float> rowLogit, ReadOnlySpan<float> rowSlope, int x)
    {
        int i = Left[x];
        float fu = Weight[x];
        float du = rowLogit[i + 1] - rowLogit[i];
        float value = rowLogit[i] + (fu * du);
        float dv = rowSlope[i] + (fu * (rowSlope[i + 1] - rowSlope[i]));
        return value * value < Band * Band * ((du * du) + (dv * dv));
    }

    /// <summary>
    /// The cells with a sign change within <paramref name="reach"/> cells: the only ones the band can
    /// touch (1 in <paramref name="active"/>, else 0). Runs on every refined click, so it works in
    /// rows over pooled byte planes: a running count along each row, then whole rows OR-ed down the
    /// columns.
    /// </summary>
    public static void ActiveCells(ReadOnlySpan<float> logit, Span<float> active, int reach)
    {
        byte[] rented = ArrayPool<byte>.Shared.Rent(2 * Grid * Grid);
        try
        {
            Span<byte> mixed = rented.AsSpan(0, Grid * Grid), rows = rented.AsSpan(Grid * Grid, Grid * Grid);

            // Mixed: a 4-neighbour on the other side of zero (at the border the cell itself stands in
            // for the missing neighbour, which never differs).
            for (int y = 0; y < Grid; y++)
            {
                ReadOnlySpan<float> here = logit.Slice(y * Grid, Grid);
                ReadOnlySpan<float> up = logit.Slice(Math.Max(0, y - 1) * Grid, Grid), down = logit.Slice(Math.Min(Grid - 1, y + 1) * Grid, Grid);
                Span<byte> m = mixed.Slice(y * Grid, Grid);
                for (int x = 0; x < Grid; x++)
                {
                    bool sign = here[x] > 0;
                    bool differs = ((up[x] > 0) != sign) | ((down[x] > 0) != sign)
                        | ((here[Math.Max(0, x - 1)] > 0) != sign) | ((here[Math.Min(Grid - 1, x + 1)] > 0) != sign);
                    m[x] = differs ? (byte)1 : (byte)0;
                }
            }

            // Dilated along the rows: how many mixed cells the window [x - reach, x + reach] holds.
            for (int y = 0; y < Grid; y++)
            {
                ReadOnlySpan<byte> m = mixed.Slice(y * Grid, Grid);
                Span<byte> o = rows.Slice(y * Grid, Grid);
                int count = 0;
                for (int k = 0; k <= Math.Min(reach, Grid - 1); k++)
                {
                    count += m[k];
                }

                for (int x = 0; x < Grid; x++)
                {
                    o[x] = count > 0 ? (byte)1 : (byte)0;
                    count += x + reach + 1 < Grid ? m[x + reach + 1] : 0;
                    count -= x - reach >= 0 ? m[x - reach] : 0;
                }
            }

            // Then down the columns: the rows of the window OR-ed together.
            Span<byte> any = stackalloc byte[Grid];
            for (int y = 0; y < Grid; y++)
            {
                any.Clear();
                for (int k = Math.Max(0, y - reach); k <= Math.Min(Grid - 1, y + reach); k++)
                {
                    TensorPrimitives.BitwiseOr(any, rows.Slice(k * Grid, Grid), any);
                }

                Span<float> a = active.Slice(y * Grid, Grid);
                for (int x = 0; x < Grid; x++)
                {
                    a[x] = any[x];
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }
}
