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
}
