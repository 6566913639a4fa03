using HqSam.Core.Imaging;

namespace HqSam.Tests.Imaging;

/// <summary>The vector kernels against scalar loops, at lengths that exercise every tail.</summary>
[TestClass]
public sealed class RowMathTests
{
    [TestMethod]
    [DataRow(1, 1)]
    [DataRow(31, 3)]
    [DataRow(100, 6)]
    [DataRow(16001, 9)]
    public void WeightedRowSumMatchesScalar(int length, int taps)
    {
        var rng = new Random(length + taps);
        int stride = length + 13;
        var bytes = new byte[(stride * (taps + 2)) + length];
        rng.NextBytes(bytes);
        float[] weights = [.. Enumerable.Range(0, taps).Select(_ => (float)rng.NextDouble())];
        var acc = new float[length];
        Array.Fill(acc, float.NaN); // every element must be written, not accumulated
        RowMath.WeightedRowSum(bytes, stride, stride, weights, acc);
        for (int i = 0; i < length; i++)
        {
            float expected = 0;
            for (int k = 0; k < taps; k++)
            {
                expected += bytes[stride + (k * stride) + i] * weights[k];
            }

            Assert.AreEqual(expected, acc[i], $"column {i}");
        }
    }

    [TestMethod]
    [DataRow(200)]
    [DataRow(257)]
    [DataRow(7)]
    public void PositiveBitsMatchesScalar(int length)
    {
        var rng = new Random(length);
        float[] values = [.. Enumerable.Range(0, length).Select(_ => (float)(rng.NextDouble() - 0.5))];
        values[0] = 0f; // zero is not positive
        var bits = new ulong[(length + 63) / 64];
        RowMath.PositiveBits(values, bits);
        for (int i = 0; i < length; i++)
        {
            Assert.AreEqual(values[i] > 0, (bits[i >> 6] & (1UL << (i & 63))) != 0, $"bit {i}");
        }
    }

    [TestMethod]
    [DataRow(3)]
    [DataRow(9)]
    [DataRow(256)]
    public void LerpMatchesScalar(int length)
    {
        var rng = new Random(length);
        float[] a = [.. Enumerable.Range(0, length).Select(_ => (float)rng.NextDouble())];
        float[] b = [.. Enumerable.Range(0, length).Select(_ => (float)rng.NextDouble())];
        var dst = new float[length];
        RowMath.Lerp(a, b, 0.25f, dst);
        for (int i = 0; i < length; i++)
        {
            Assert.AreEqual(a[i] + (0.25f * (b[i] - a[i])), dst[i], 1e-6f);
        }
    }

    [TestMethod]
    public void IsOpaqueFindsAnyTranslucentPixel()
    {
        for (int at = 0; at < 37; at++)
        {
            byte[] px = BgraImageBytes(37);
            Assert.IsTrue(RowMath.IsOpaque(px));
            px[(at * 4) + 3] = 254;
            Assert.IsFalse(RowMath.IsOpaque(px), $"pixel {at}");
        }
    }

    private static byte[] BgraImageBytes(int pixels)
    {
        var px = new byte[pixels * 4];
        for (int i = 3; i < px.Length; i += 4)
        {
            px[i] = 255;
        }

        return px;
    }
}
