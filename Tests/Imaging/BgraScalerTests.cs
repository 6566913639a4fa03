using HqSam.Core.Imaging;

namespace HqSam.Tests.Imaging;

/// <summary>The dialog's fit-to-window resize, against a per-pixel weighted sum written from the definition.</summary>
[TestClass]
public sealed class BgraScalerTests
{
    [TestMethod]
    [DataRow(97, 61, 40, 25, true)]   // downscale, opaque (the vector path)
    [DataRow(97, 61, 40, 25, false)]  // downscale with transparency (premultiplied path)
    [DataRow(30, 20, 75, 50, false)]  // upscale
    [DataRow(640, 8, 101, 3, true)]   // very uneven
    public void MatchesTheNaiveWeightedSum(int w, int h, int ow, int oh, bool opaque)
    {
        var random = new Random(w * 31 + ow);
        var pixels = new byte[w * h * 4];
        random.NextBytes(pixels);
        if (opaque)
        {
            for (int i = 3; i < pixels.Length; i += 4)
            {
                pixels[i] = 255;
            }
        }

        var image = new BgraImage(w, h, pixels);
        var fast = new byte[ow * oh * 4];
        BgraScaler.ResizePremultiplied(image, ow, oh, fast, ow * 4);
        for (int oy = 0; oy < oh; oy++)
        {
            for (int ox = 0; ox < ow; ox++)
            {
                double[] naive = Naive(image, ox, oy, ow, oh);
                for (int c = 0; c < 4; c++)
                {
                    Assert.AreEqual(naive[c], fast[(((oy * ow) + ox) * 4) + c], 1.01, $"({ox}, {oy}) channel {c}");
                }
            }
        }
    }

    [TestMethod]
    public void TransparentPixelsDoNotBleedTheirColour()
    {
        // Opaque red beside fully transparent green: whatever mixes, no green may appear.
        var pixels = new byte[8 * 2 * 4];
        for (int i = 0; i < 16; i++)
        {
            bool red = i % 8 < 4;
            pixels[(i * 4) + 1] = red ? (byte)0 : (byte)255;
            pixels[(i * 4) + 2] = red ? (byte)255 : (byte)0;
            pixels[(i * 4) + 3] = red ? (byte)255 : (byte)0;
        }

        var output = new byte[3 * 1 * 4];
        BgraScaler.ResizePremultiplied(new BgraImage(8, 2, pixels), 3, 1, output, 12);
        for (int x = 0; x < 3; x++)
        {
            Assert.AreEqual(0, output[(x * 4) + 1], "no green");
            Assert.IsLessThanOrEqualTo(output[(x * 4) + 3], output[(x * 4) + 2], "premultiplied: colour never above alpha");
        }
    }

    [TestMethod]
    public void RejectsADestinationTooSmall()
    {
        var image = BgraImage.Solid(10, 10, 1, 2, 3);
        Assert.ThrowsExactly<ArgumentException>(() => BgraScaler.ResizePremultiplied(image, 5, 5, new byte[(5 * 5 * 4) - 1], 20));
    }

    /// <summary>Premultiplied BGRA at (ox, oy), each from Σ w(x) w(y) p / Σ w(x) w(y).</summary>
    private static double[] Naive(BgraImage image, int ox, int oy, int ow, int oh)
    {
        var sum = new double[4];
        double wsum = 0;
        for (int y = 0; y < image.Height; y++)
        {
            double wy = NaiveReference.Weight(oy, y, image.Height, oh, true);
            for (int x = 0; wy != 0 && x < image.Width; x++)
            {
                double w = wy * NaiveReference.Weight(ox, x, image.Width, ow, true);
                if (w == 0)
                {
                    continue;
                }

                ReadOnlySpan<byte> p = image.GetRow(y).Slice(x * 4, 4);
                double a = p[3] / 255.0;
                sum[0] += w * p[0] * a;
                sum[1] += w * p[1] * a;
                sum[2] += w * p[2] * a;
                sum[3] += w * p[3];
                wsum += w;
            }
        }

        return [.. sum.Select(v => v / wsum)];
    }
}
