using HqSam.Core.Imaging;

namespace HqSam.Benchmarks;

/// <summary>4:3 test images of a given size in megapixels: smooth gradients with noise, opaque.</summary>
internal static class BenchImages
{
    public static (int Width, int Height) Size(int megapixels)
    {
        int width = (int)Math.Round(Math.Sqrt(megapixels * 1_000_000 * 4.0 / 3.0));
        return (width, (int)Math.Round(width * 3.0 / 4.0));
    }

    public static BgraImage Create(int megapixels)
    {
        (int w, int h) = Size(megapixels);
        var data = new byte[w * h * 4];
        var rng = new Random(megapixels);
        Parallel.For(0, h, y =>
        {
            for (int x = 0; x < w; x++)
            {
                int i = ((y * w) + x) * 4;
                data[i] = (byte)(x * 255 / w);
                data[i + 1] = (byte)(y * 255 / h);
                data[i + 2] = (byte)((x ^ y) & 0xFF);
                data[i + 3] = 255;
            }
        });
        return new BgraImage(w, h, data);
    }

    /// <summary>Smooth logits with a few blobs: a realistic amount of boundary.</summary>
    public static float[] Logits()
    {
        var logits = new float[256 * 256];
        for (int y = 0; y < 256; y++)
        {
            for (int x = 0; x < 256; x++)
            {
                logits[(y * 256) + x] = MathF.Sin(x * 0.07f) + MathF.Cos(y * 0.05f) - 0.3f;
            }
        }

        return logits;
    }

    /// <summary>
    /// Logits whose sign flips between most neighbouring cells, as the reference pair's random
    /// weights give: the worst case for post-processing, an edge through nearly every cell.
    /// </summary>
    public static float[] EdgeEverywhereLogits()
    {
        var rng = new Random(256);
        var logits = new float[256 * 256];
        for (int i = 0; i < logits.Length; i++)
        {
            logits[i] = (float)(rng.NextDouble() - 0.5) * 8;
        }

        return logits;
    }
}
