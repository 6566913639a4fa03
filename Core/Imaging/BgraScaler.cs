using System.Buffers;

namespace HqSam.Core.Imaging;

/// <summary>
/// Resizes a BGRA image to premultiplied BGRA with the antialiased triangle filter of
/// <see cref="ResampleWeights"/>: the dialog's fit-to-window view of the layer. Separable (a vertical
/// pass into a float row, then a horizontal one), parallel over output rows; transparent pixels do not
/// bleed their colour because the colour is premultiplied before filtering.
/// </summary>
internal static class BgraScaler
{
    /// <param name="destination">At least <c>height * stride</c> bytes; receives premultiplied BGRA.</param>
    public static void ResizePremultiplied(BgraImage source, int width, int height, Span<byte> destination, int stride)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(stride, width * 4);
        if (destination.Length < ((long)(height - 1) * stride) + (width * 4))
        {
            throw new ArgumentException($"destination needs {((long)(height - 1) * stride) + (width * 4)} bytes", nameof(destination));
        }

        ResampleWeights wx = ResampleWeights.Create(source.Width, width, antialias: true);
        ResampleWeights wy = ResampleWeights.Create(source.Height, height, antialias: true);
        bool opaque = IsOpaque(source);
        unsafe
        {
            fixed (byte* dst = destination)
            {
                byte* d = dst;
                ParallelRows.For(height, (long)source.Width * wy.MaxTaps, (from, to) => Rows(source, wx, wy, opaque, d, stride, from, to));
            }
        }
    }

    private static bool IsOpaque(BgraImage image)
    {
        for (int y = 0; y < image.Height; y++)
        {
            if (!RowMath.IsOpaque(image.GetRow(y)))
            {
                return false;
            }
        }

        return true;
    }

    private static unsafe void Rows(BgraImage source, ResampleWeights wx, ResampleWeights wy, bool opaque, byte* destination, int stride, int fromRow, int toRow)
    {
        int length = source.Width * 4;
        float[] scratch = ArrayPool<float>.Shared.Rent(length);
        try
        {
            Span<float> acc = scratch.AsSpan(0, length);
            for (int oy = fromRow; oy < toRow; oy++)
            {
                int start = wy.Start[oy];
                ReadOnlySpan<float> taps = wy.TapsOf(oy);
                if (opaque)
                {
                    // Opaque: premultiplying changes nothing, and the vector kernel does every tap at once.
                    RowMath.WeightedRowSum(source.Pixels.Span, (long)start * source.Stride, source.Stride, taps, acc);
                }
                else
                {
                    for (int k = 0; k < taps.Length; k++)
                    {
                        RowMath.AccumulatePremultiplied(source.GetRow(start + k), acc, taps[k], overwrite: k == 0);
                    }
                }

                var row = new Span<byte>(destination + ((long)oy * stride), wx.OutSize * 4);
                for (int ox = 0; ox < wx.OutSize; ox++)
                {
                    ReadOnlySpan<float> w = wx.TapsOf(ox);
                    int s = wx.Start[ox] * 4;
                    float b = 0, g = 0, r = 0, a = 0;
                    for (int k = 0; k < w.Length; k++, s += 4)
                    {
                        b += acc[s] * w[k];
                        g += acc[s + 1] * w[k];
                        r += acc[s + 2] * w[k];
                        a += acc[s + 3] * w[k];
                    }

                    // Premultiplied colour never exceeds alpha; rounding must not make it.
                    int o = ox * 4;
                    byte alpha = ToByte(a);
                    row[o] = Math.Min(ToByte(b), alpha);
                    row[o + 1] = Math.Min(ToByte(g), alpha);
                    row[o + 2] = Math.Min(ToByte(r), alpha);
                    row[o + 3] = alpha;
                }
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(scratch);
        }
    }

    private static byte ToByte(float v) => (byte)Math.Clamp((int)(v + 0.5f), 0, 255);
}
