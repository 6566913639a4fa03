using HqSam.Core.Imaging;

namespace HqSam.Tests.Imaging;

/// <summary>
/// Plain per-pixel versions of the kernels, written from the definitions (not from the fast code):
/// each output value is a direct weighted sum over the source with the triangle filter.
/// </summary>
internal static class NaiveReference
{
    private static readonly double[] Mean = [0.485, 0.456, 0.406];
    private static readonly double[] Std = [0.229, 0.224, 0.225];

    /// <summary>Antialiased (downscale) or plain (upscale) bilinear weights of source pixel <paramref name="j"/> for output <paramref name="i"/>.</summary>
    public static double Weight(int i, int j, int inSize, int outSize, bool antialias)
    {
        double scale = (double)inSize / outSize;
        if (antialias && scale > 1)
        {
            double center = scale * (i + 0.5);
            double x = (j + 0.5 - center) / scale;
            return Math.Max(0, 1 - Math.Abs(x));
        }

        double src = Math.Max(((i + 0.5) * scale) - 0.5, 0);
        int i0 = Math.Min((int)Math.Floor(src), inSize - 1);
        int i1 = Math.Min(i0 + 1, inSize - 1);
        double l = src - i0;
        double w = 0;
        if (j == i0)
        {
            w += 1 - l;
        }

        if (j == i1)
        {
            w += l;
        }

        return w;
    }

    /// <summary>Normalised RGB tensor value at (channel, oy, ox) of the 1024² input, straight from the definition.</summary>
    public static double Preprocessed(BgraImage image, int channel, int oy, int ox, int side = 1024)
    {
        double sum = 0, wsum = 0;
        int byteIndex = 2 - channel; // BGRA: R at 2, G at 1, B at 0
        for (int y = 0; y < image.Height; y++)
        {
            double wy = Weight(oy, y, image.Height, side, true);
            if (wy == 0)
            {
                continue;
            }

            ReadOnlySpan<byte> row = image.GetRow(y);
            for (int x = 0; x < image.Width; x++)
            {
                double wx = Weight(ox, x, image.Width, side, true);
                if (wx == 0)
                {
                    continue;
                }

                double a = row[(x * 4) + 3] / 255.0;
                double c = row[(x * 4) + byteIndex] / 255.0;
                // Composite over the mean colour, then normalise.
                double composited = (a * c) + ((1 - a) * Mean[channel]);
                sum += wx * wy * (composited - Mean[channel]) / Std[channel];
                wsum += wx * wy;
            }
        }

        return sum / wsum;
    }

    /// <summary>The mask at (x, y): bilinear sample of 256² logits, align_corners=False, thresholded at 0.</summary>
    public static bool MaskAt(ReadOnlySpan<float> logits, int width, int height, int x, int y)
    {
        double v = 0;
        for (int j = 0; j < 256; j++)
        {
            double wy = Weight(y, j, 256, height, false);
            if (wy == 0)
            {
                continue;
            }

            for (int i = 0; i < 256; i++)
            {
                double wx = Weight(x, i, 256, width, false);
                if (wx != 0)
                {
                    v += wx * wy * logits[(j * 256) + i];
                }
            }
        }

        return v > 0;
    }
}
