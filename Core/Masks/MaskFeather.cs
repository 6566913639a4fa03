using System.Buffers;

namespace HqSam.Core.Masks;

/// <summary>
/// Softens a mask's edge over about N pixels: two box blurs of radius N/2 per axis (a tent, close to a
/// Gaussian), each a running sum, so the cost does not depend on N. Pixels well inside or well
/// outside keep 255 and 0 exactly. Values are fixed-point (x256) with each box rounded to the nearest
/// integer; edges clamp (the border pixel repeats).
/// </summary>
internal static class MaskFeather
{
    private const int Band = 64;

    public static void Apply(Span<byte> mask, int width, int height, int radius)
    {
        if (radius <= 0)
        {
            return;
        }

        int r = Math.Max(1, radius / 2);
        unsafe
        {
            fixed (byte* pinned = mask)
            {
                nint data = (nint)pinned;
                int length = width * height;

                // Rows: each row is a line, in bands on all cores with their own scratch lines.
                Parallel.For(0, (height + Band - 1) / Band, () => (A: new int[width], B: new int[width]), (k, _, s) =>
                {
                    var m = new Span<byte>((byte*)data, length);
                    for (int y = k * Band; y < Math.Min(height, (k + 1) * Band); y++)
                    {
                        Span<byte> row = m.Slice(y * width, width);
                        Blur(row, row, r, s.A, s.B);
                    }

                    return s;
                }, _ => { });

                // Columns: a row at a time, every column's running sum advancing together, so memory is
                // read in order instead of gathering strided columns. Each band of output rows redoes the
                // first box over its r-row margins, which keeps bands independent.
                byte[] source = ArrayPool<byte>.Shared.Rent(length);
                try
                {
                    new ReadOnlySpan<byte>((byte*)data, length).CopyTo(source);
                    Parallel.For(0, (height + Band - 1) / Band, k =>
                        Columns(source, new Span<byte>((byte*)data, length), width, height, r, k * Band, Math.Min(height, (k + 1) * Band)));
                }
                finally
                {
                    ArrayPool<byte>.Shared.Return(source);
                }
            }
        }
    }

    /// <summary>Both vertical boxes for output rows [y0, y1), from the unblurred-vertically <paramref name="source"/>.</summary>
    private static void Columns(byte[] source, Span<byte> output, int w, int h, int r, int y0, int y1)
    {
        int box = (2 * r) + 1;
        double inverse = 1.0 / box;

        // First box for rows [b0, b1): everything the second box reads for [y0, y1), edges clamped.
        int b0 = Math.Max(0, y0 - r), b1 = Math.Min(h, y1 + r);
        int[] first = ArrayPool<int>.Shared.Rent((b1 - b0) * w);
        int[] sum = ArrayPool<int>.Shared.Rent(w);
        try
        {
            Span<int> s = sum.AsSpan(0, w);
            s.Clear();
            for (int k = b0 - r; k <= b0 + r; k++)
            {
                Accumulate(s, source.AsSpan(Math.Clamp(k, 0, h - 1) * w, w), 256);
            }

            for (int y = b0; y < b1; y++)
            {
                Span<int> row = first.AsSpan((y - b0) * w, w);
                for (int x = 0; x < w; x++)
                {
                    row[x] = Divide(s[x], box, inverse);
                }

                if (y + 1 < b1)
                {
                    Accumulate(s, source.AsSpan(Math.Min(y + r + 1, h - 1) * w, w), 256);
                    Accumulate(s, source.AsSpan(Math.Max(y - r, 0) * w, w), -256);
                }
            }

            // Second box over the first, then back to bytes.
            s.Clear();
            for (int k = y0 - r; k <= y0 + r; k++)
            {
                Add(s, first.AsSpan((Math.Clamp(k, 0, h - 1) - b0) * w, w), 1);
            }

            for (int y = y0; y < y1; y++)
            {
                Span<byte> row = output.Slice(y * w, w);
                for (int x = 0; x < w; x++)
                {
                    row[x] = (byte)Math.Clamp((Divide(s[x], box, inverse) + 128) >> 8, 0, 255);
                }

                if (y + 1 < y1)
                {
                    Add(s, first.AsSpan((Math.Min(y + r + 1, h - 1) - b0) * w, w), 1);
                    Add(s, first.AsSpan((Math.Max(y - r, 0) - b0) * w, w), -1);
                }
            }
        }
        finally
        {
            ArrayPool<int>.Shared.Return(first);
            ArrayPool<int>.Shared.Return(sum);
        }
    }

    private static void Accumulate(Span<int> sum, ReadOnlySpan<byte> row, int scale)
    {
        for (int x = 0; x < sum.Length; x++)
        {
            sum[x] += row[x] * scale;
        }
    }

    private static void Add(Span<int> sum, ReadOnlySpan<int> row, int sign)
    {
        for (int x = 0; x < sum.Length; x++)
        {
            sum[x] += row[x] * sign;
        }
    }

    /// <summary>
    /// The box's rounded mean, <c>(sum + box / 2) / box</c> in integers, by a multiplication: for a
    /// non-negative integer n, (n + 0.5) / box is at least 0.5 / box away from any integer, far more than
    /// the double's rounding error, so the floor is exact.
    /// </summary>
    private static int Divide(int sum, int box, double inverse) => (int)((sum + (box / 2) + 0.5) * inverse);

    /// <summary>Two passes of a box of 2r+1 along one line.</summary>
    private static void Blur(ReadOnlySpan<byte> input, Span<byte> output, int r, int[] a, int[] b)
    {
        int n = input.Length;
        for (int i = 0; i < n; i++)
        {
            a[i] = input[i] * 256; // 8 bits of headroom for rounding
        }

        Box(a, b, n, r);
        Box(b, a, n, r);
        for (int i = 0; i < n; i++)
        {
            output[i] = (byte)Math.Clamp((a[i] + 128) >> 8, 0, 255);
        }
    }

    private static void Box(int[] src, int[] dst, int n, int r)
    {
        int width = (2 * r) + 1;
        double inverse = 1.0 / width;
        long sum = 0;
        for (int k = -r; k <= r; k++)
        {
            sum += src[Math.Clamp(k, 0, n - 1)];
        }

        for (int i = 0; i < n; i++)
        {
            dst[i] = Divide((int)sum, width, inverse);
            sum += src[Math.Min(i + r + 1, n - 1)] - src[Math.Max(i - r, 0)];
        }
    }
}
