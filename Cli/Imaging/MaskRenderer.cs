using HqSam.Core.Imaging;

namespace HqSam.Cli.Imaging;

/// <summary>Turns a mask into the CLI's extra outputs: an overlay to judge it, and a cut-out.</summary>
internal static class MaskRenderer
{
    // Tint and outline colours (B, G, R): a saturated blue that reads on most photos.
    private const byte TintB = 255, TintG = 144, TintR = 30;

    /// <summary>The image, opaque, with the selection tinted at 45% and its boundary drawn solid.</summary>
    public static byte[] Overlay(BgraImage image, ReadOnlySpan<byte> mask)
    {
        int w = image.Width, h = image.Height;
        var output = new byte[checked(w * h * 4)];
        for (int y = 0; y < h; y++)
        {
            ReadOnlySpan<byte> src = image.GetRow(y);
            Span<byte> dst = output.AsSpan(y * w * 4, w * 4);
            for (int x = 0; x < w; x++)
            {
                int i = x * 4;
                bool on = mask[(y * w) + x] != 0;
                bool edge = on && IsEdge(mask, w, h, x, y);
                if (edge)
                {
                    dst[i] = TintB;
                    dst[i + 1] = TintG;
                    dst[i + 2] = TintR;
                }
                else if (on)
                {
                    dst[i] = Blend(src[i], TintB);
                    dst[i + 1] = Blend(src[i + 1], TintG);
                    dst[i + 2] = Blend(src[i + 2], TintR);
                }
                else
                {
                    dst[i] = src[i];
                    dst[i + 1] = src[i + 1];
                    dst[i + 2] = src[i + 2];
                }

                dst[i + 3] = 255;
            }
        }

        return output;
    }

    /// <summary>The image with everything outside the selection transparent (its own alpha kept inside).</summary>
    public static byte[] Cutout(BgraImage image, ReadOnlySpan<byte> mask)
    {
        int w = image.Width, h = image.Height;
        var output = new byte[checked(w * h * 4)];
        for (int y = 0; y < h; y++)
        {
            ReadOnlySpan<byte> src = image.GetRow(y);
            Span<byte> dst = output.AsSpan(y * w * 4, w * 4);
            src.CopyTo(dst);
            for (int x = 0; x < w; x++)
            {
                byte m = mask[(y * w) + x];
                dst[(x * 4) + 3] = (byte)((dst[(x * 4) + 3] * m + 127) / 255);
            }
        }

        return output;
    }

    private static byte Blend(byte a, byte b) => (byte)(((a * 55) + (b * 45) + 50) / 100);

    private static bool IsEdge(ReadOnlySpan<byte> mask, int w, int h, int x, int y) =>
        x == 0 || y == 0 || x == w - 1 || y == h - 1
        || mask[(y * w) + x - 1] == 0 || mask[(y * w) + x + 1] == 0
        || mask[((y - 1) * w) + x] == 0 || mask[((y + 1) * w) + x] == 0;
}
