using HqSam.Core.Imaging;

namespace HqSam.Tests.Imaging;

/// <summary>The vector kernels against scalar loops, at lengths that exercise every tail.</summary>
[TestClass]
public sealed class RowMathTests
{
    [TestMethod]
    [DataRow(1)]
    [DataRow(15)]
    [DataRow(33)]
    [DataRow(1000)]
    public void AccumulateBytesMatchesScalar(int length)
    {
        var rng = new Random(length);
        var bytes = new byte[length];
        rng.NextBytes(bytes);
        var acc = new float[length];
        var expected = new float[length];
        for (int i = 0; i < length; i++)
        {
            acc[i] = expected[i] = (float)rng.NextDouble();
        }

        RowMath.AccumulateBytes(bytes, acc, 0.37f, overwrite: false);
        for (int i = 0; i < length; i++)
        {
            expected[i] += bytes[i] * 0.37f;
        }

        CollectionAssert.AreEqual(expected, acc);
        RowMath.AccumulateBytes(bytes, acc, 0.5f, overwrite: true);
        CollectionAssert.AreEqual(bytes.Select(b => b * 0.5f).ToArray(), acc);
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
