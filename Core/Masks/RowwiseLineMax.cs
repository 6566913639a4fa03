using System.Buffers;
using System.Numerics.Tensors;

namespace HqSam.Core.Masks;

/// <summary>
/// The van Herk / Gil-Werman running maximum along vertical (step 0) or diagonal (step ±1: one column
/// across per row down) lines of radius r, computed a whole row at a time: the prefix and suffix maxima
/// of each block of 2r + 1 rows are row-wide vector maxima of a row and its shifted neighbour, so the
/// pass streams through memory instead of gathering strided lines. Blocks are independent, so they run
/// in parallel. Outside the buffer counts as 0 (neutral).
/// </summary>
internal static class RowwiseLineMax
{
    /// <param name="step">0: vertical lines; +1: down-right diagonals; -1: down-left diagonals.</param>
    /// <remarks>
    /// Vertical lines get every row right. Diagonal lines leave the buffer sideways, so they are only
    /// computed at least r pixels inside it (rows and columns); the caller pads by that much.
    /// </remarks>
    public static void Run(Span<byte> data, int width, int height, int r, int step)
    {
        if (r == 0 || height == 0)
        {
            return;
        }

        int block = (2 * r) + 1;
        int length = width * height;
        byte[] prefix = ArrayPool<byte>.Shared.Rent(length);
        byte[] suffix = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            unsafe
            {
                fixed (byte* pinned = data)
                {
                    nint d = (nint)pinned;
                    int blocks = (height + block - 1) / block;
                    Parallel.For(0, blocks, k =>
                    {
                        var v = new ReadOnlySpan<byte>((byte*)d, length);
                        int from = k * block, to = Math.Min(height, from + block);
                        Prefix(v, prefix, width, from, to, step);
                        Suffix(v, suffix, width, from, to, step);
                    });

                    (int firstRow, int lastRow) = step == 0 ? (0, height) : (r, height - r);
                    Parallel.For(0, Bands(lastRow - firstRow), band =>
                    {
                        var output = new Span<byte>((byte*)d, length);
                        int from = firstRow + (band * BandRows), to = Math.Min(lastRow, from + BandRows);
                        for (int y = from; y < to; y++)
                        {
                            Row(output.Slice(y * width, width), prefix, suffix, width, height, r, step, y);
                        }
                    });
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(prefix);
            ArrayPool<byte>.Shared.Return(suffix);
        }
    }

    private const int BandRows = 32;

    private static int Bands(int rows) => Math.Max(0, (rows + BandRows - 1) / BandRows);

    /// <summary>Running maximum from the block's first row down each line: P[y][x] = max(P[y-1][x-step], v[y][x]).</summary>
    private static void Prefix(ReadOnlySpan<byte> v, byte[] p, int w, int from, int to, int step)
    {
        v.Slice(from * w, w).CopyTo(p.AsSpan(from * w, w));
        for (int y = from + 1; y < to; y++)
        {
            ReadOnlySpan<byte> above = p.AsSpan((y - 1) * w, w);
            ReadOnlySpan<byte> row = v.Slice(y * w, w);
            Span<byte> dst = p.AsSpan(y * w, w);
            Shifted(above, row, dst, w, step);
        }
    }

    /// <summary>Running maximum from the block's last row up each line: S[y][x] = max(S[y+1][x+step], v[y][x]).</summary>
    private static void Suffix(ReadOnlySpan<byte> v, byte[] s, int w, int from, int to, int step)
    {
        v.Slice((to - 1) * w, w).CopyTo(s.AsSpan((to - 1) * w, w));
        for (int y = to - 2; y >= from; y--)
        {
            ReadOnlySpan<byte> below = s.AsSpan((y + 1) * w, w);
            ReadOnlySpan<byte> row = v.Slice(y * w, w);
            Span<byte> dst = s.AsSpan(y * w, w);
            Shifted(below, row, dst, w, -step);
        }
    }

    /// <summary>dst[x] = max(neighbour[x - shift], row[x]); where x - shift leaves the row, dst[x] = row[x].</summary>
    private static void Shifted(ReadOnlySpan<byte> neighbour, ReadOnlySpan<byte> row, Span<byte> dst, int w, int shift)
    {
        switch (shift)
        {
            case 0:
                TensorPrimitives.Max(neighbour, row, dst);
                break;
            case > 0:
                dst[0] = row[0];
                TensorPrimitives.Max(neighbour[..(w - 1)], row[1..], dst[1..]);
                break;
            default:
                dst[w - 1] = row[w - 1];
                TensorPrimitives.Max(neighbour[1..], row[..(w - 1)], dst[..(w - 1)]);
                break;
        }
    }

    /// <summary>
    /// out[y][x] = max over the line window from (x - r·step, y - r) to (x + r·step, y + r): the suffix at
    /// the window's top covers it down to its block's end, the prefix at its bottom from its block's start.
    /// </summary>
    private static void Row(Span<byte> output, byte[] p, byte[] s, int w, int h, int r, int step, int y)
    {
        int ys = y - r, ye = y + r;
        if (step == 0)
        {
            // Vertical windows may stick out of the buffer (neutral there). Above (ys < 0): the window's rows
            // all lie in block 0, whose prefix covers them. Below (ye >= h): the suffix at ys reaches the end
            // of its block; if the last row is in a later block, that block's prefix adds the rest.
            int block = (2 * r) + 1;
            if (ys < 0)
            {
                p.AsSpan(Math.Min(ye, h - 1) * w, w).CopyTo(output);
            }
            else if (ye >= h && ys / block == (h - 1) / block)
            {
                s.AsSpan(ys * w, w).CopyTo(output);
            }
            else
            {
                TensorPrimitives.Max(s.AsSpan(ys * w, w), p.AsSpan(Math.Min(ye, h - 1) * w, w), output);
            }

            return;
        }

        int span = w - (2 * r);
        if (span <= 0)
        {
            return;
        }

        // Columns r .. w - r: the top of the window is r columns back along the line, the bottom r ahead.
        ReadOnlySpan<byte> top = s.AsSpan((ys * w) + (step > 0 ? 0 : 2 * r), span);
        ReadOnlySpan<byte> end = p.AsSpan((ye * w) + (step > 0 ? 2 * r : 0), span);
        TensorPrimitives.Max(top, end, output.Slice(r, span));
    }
}
