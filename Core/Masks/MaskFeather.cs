namespace HqSam.Core.Masks;

/// <summary>
/// Softens a mask's edge over about N pixels: two box blurs of radius N/2 per axis (a tent, close to a
/// Gaussian), each a running sum, so the cost does not depend on N. Pixels well inside or well
/// outside keep 255 and 0 exactly.
/// </summary>
public static class MaskFeather
{
    public static void Apply(Span<byte> mask, int width, int height, int radius)
    {
        if (radius <= 0)
        {
            return;
        }

        int r = Math.Max(1, radius / 2);
        int longest = Math.Max(width, height);
        unsafe
        {
            fixed (byte* pinned = mask)
            {
                nint data = (nint)pinned;
                int length = width * height;
                const int band = 64;

                // Rows, then columns, in bands on all cores, each with its own scratch lines.
                Parallel.For(0, (height + band - 1) / band, () => (A: new int[longest], B: new int[longest]), (k, _, s) =>
                {
                    var m = new Span<byte>((byte*)data, length);
                    for (int y = k * band; y < Math.Min(height, (k + 1) * band); y++)
                    {
                        Span<byte> row = m.Slice(y * width, width);
                        Blur(row, row, r, s.A, s.B);
                    }

                    return s;
                }, _ => { });

                Parallel.For(0, (width + band - 1) / band, () => (A: new int[longest], B: new int[longest], Line: new byte[height]), (k, _, s) =>
                {
                    var m = new Span<byte>((byte*)data, length);
                    for (int x = k * band; x < Math.Min(width, (k + 1) * band); x++)
                    {
                        for (int y = 0; y < height; y++)
                        {
                            s.Line[y] = m[(y * width) + x];
                        }

                        Blur(s.Line, s.Line, r, s.A, s.B);
                        for (int y = 0; y < height; y++)
                        {
                            m[(y * width) + x] = s.Line[y];
                        }
                    }

                    return s;
                }, _ => { });
            }
        }
    }

    /// <summary>Two passes of a box of 2r+1, edges clamped (the border pixel repeats).</summary>
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
        long sum = 0;
        for (int k = -r; k <= r; k++)
        {
            sum += src[Math.Clamp(k, 0, n - 1)];
        }

        for (int i = 0; i < n; i++)
        {
            dst[i] = (int)((sum + (width / 2)) / width);
            sum += src[Math.Min(i + r + 1, n - 1)] - src[Math.Max(i - r, 0)];
        }
    }
}
