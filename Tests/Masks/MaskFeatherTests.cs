using HqSam.Core.Masks;

namespace HqSam.Tests.Masks;

/// <summary>Feather against its definition: along every row, then every column, two clamped boxes in x256 fixed point.</summary>
[TestClass]
public sealed class MaskFeatherTests
{
    [TestMethod]
    [DataRow(61, 47, 6)]
    [DataRow(200, 150, 50)]   // margins of 25 rows around bands of 64
    [DataRow(13, 300, 9)]     // many bands, narrow
    [DataRow(5, 3, 40)]       // box far larger than the canvas
    [DataRow(1, 1, 2)]
    public void MatchesTheNaiveDefinition(int w, int h, int radius)
    {
        var rng = new Random(w + h + radius);
        var mask = new byte[w * h];
        for (int i = 0; i < mask.Length; i++)
        {
            mask[i] = rng.Next(4) == 0 ? (byte)rng.Next(256) : (rng.Next(2) == 0 ? (byte)0 : (byte)255);
        }

        byte[] expected = Naive(mask, w, h, radius);
        MaskFeather.Apply(mask, w, h, radius);
        CollectionAssert.AreEqual(expected, mask);
    }

    private static byte[] Naive(byte[] mask, int w, int h, int radius)
    {
        int r = Math.Max(1, radius / 2);
        var result = (byte[])mask.Clone();
        for (int y = 0; y < h; y++)
        {
            Line(result, y * w, 1, w, r);
        }

        for (int x = 0; x < w; x++)
        {
            Line(result, x, w, h, r);
        }

        return result;
    }

    private static void Line(byte[] data, int start, int stride, int n, int r)
    {
        var a = new long[n];
        for (int i = 0; i < n; i++)
        {
            a[i] = data[start + (i * stride)] * 256L;
        }

        a = Box(Box(a, r), r);
        for (int i = 0; i < n; i++)
        {
            data[start + (i * stride)] = (byte)Math.Clamp((a[i] + 128) >> 8, 0, 255);
        }
    }

    /// <summary>Each value the rounded mean of the 2r+1 around it, the ends repeating.</summary>
    private static long[] Box(long[] v, int r)
    {
        int n = v.Length, width = (2 * r) + 1;
        var output = new long[n];
        for (int i = 0; i < n; i++)
        {
            long sum = 0;
            for (int k = i - r; k <= i + r; k++)
            {
                sum += v[Math.Clamp(k, 0, n - 1)];
            }

            output[i] = (sum + (width / 2)) / width;
        }

        return output;
    }
}
