using HqSam.Core.Imaging;
using HqSam.Core.Masks;
using HqSam.Tests.Imaging;

namespace HqSam.Tests.Masks;

[TestClass]
public sealed class MaskUpsamplerTests
{
    [TestMethod]
    [DataRow(16, 16)]
    [DataRow(256, 256)]
    [DataRow(1000, 250)]
    [DataRow(300, 1200)]
    public void MatchesPlainBilinearAndThreshold(int width, int height)
    {
        var rng = new Random(width * 7 + height);
        float[] logits = [.. Enumerable.Range(0, 256 * 256).Select(i => (float)((rng.NextDouble() - 0.5) * 8) + MathF.Sin(i * 0.01f))];
        var mask = new byte[width * height];
        new MaskUpsampler().Run(logits, width, height, mask);

        for (int k = 0; k < 300; k++)
        {
            int x = rng.Next(width), y = rng.Next(height);
            bool expected = NaiveReference.MaskAt(logits, width, height, x, y);
            Assert.AreEqual(expected ? 255 : 0, mask[(y * width) + x], $"pixel ({x}, {y})");
        }
    }

    [TestMethod]
    [DataRow(4000, 3000)]
    [DataRow(1023, 77)]
    [DataRow(100, 100)]
    public void EveryPixelEqualsThePerPixelFormula(int width, int height)
    {
        // Smooth logits with many zero crossings, so that segments of every kind occur.
        float[] logits = [.. Enumerable.Range(0, 256 * 256).Select(i => MathF.Sin((i % 256) * 0.3f) + MathF.Cos((i / 256) * 0.17f) - 0.2f)];
        var mask = new byte[width * height];
        new MaskUpsampler().Run(logits, width, height, mask);

        AssertEveryPixel(logits, width, height, mask);
    }

    [TestMethod]
    [DataRow(4000, 3000)]
    [DataRow(6000, 4000)]
    [DataRow(1021, 13)]
    [DataRow(259, 700)]
    public void EveryPixelEqualsThePerPixelFormulaWhereTheSignFlipsInMostCells(int width, int height)
    {
        // Random logits, as the reference pair's random weights give: most segments cross zero, and
        // some logits are zero or tiny, so a pixel's side is decided by its last bits of rounding.
        var rng = new Random(width + height);
        float[] logits = [.. Enumerable.Range(0, 256 * 256).Select(_ => rng.Next(8) switch
        {
            0 => 0f,
            1 => (float)(rng.NextDouble() - 0.5) * 1e-6f,
            _ => (float)(rng.NextDouble() - 0.5) * 8,
        })];
        var mask = new byte[width * height];
        new MaskUpsampler().Run(logits, width, height, mask);
        AssertEveryPixel(logits, width, height, mask);
    }

    [TestMethod]
    public void SameSizeIsTheThresholdItself()
    {
        var rng = new Random(1);
        float[] logits = [.. Enumerable.Range(0, 256 * 256).Select(_ => (float)(rng.NextDouble() - 0.5))];
        var mask = new byte[256 * 256];
        new MaskUpsampler().Run(logits, 256, 256, mask, on: 1, off: 0);
        for (int i = 0; i < logits.Length; i++)
        {
            Assert.AreEqual(logits[i] > 0 ? 1 : 0, mask[i]);
        }
    }

    /// <summary>Every pixel against the per-pixel formula: blend two logit rows, then two columns, threshold at 0.</summary>
    private static void AssertEveryPixel(float[] logits, int width, int height, byte[] mask)
    {
        var wx = ResampleWeights.Create(256, width, antialias: false);
        var wy = ResampleWeights.Create(256, height, antialias: false);
        var row = new float[257];
        for (int y = 0; y < height; y++)
        {
            int y0 = wy.Start[y];
            float ly = wy.Count[y] == 1 ? 0 : wy.Weights[(y * 2) + 1];
            for (int i = 0; i < 256; i++)
            {
                float a = logits[(y0 * 256) + i];
                float b = wy.Count[y] == 1 ? a : logits[((y0 + 1) * 256) + i];
                row[i] = a + (ly * (b - a));
            }

            for (int x = 0; x < width; x++)
            {
                int i = wx.Start[x];
                float v = (row[i] * wx.Weights[x * 2]) + (row[i + 1] * wx.Weights[(x * 2) + 1]);
                if ((v > 0 ? 255 : 0) != mask[(y * width) + x])
                {
                    Assert.Fail($"pixel ({x}, {y}) differs: value {v}");
                }
            }
        }
    }
}
