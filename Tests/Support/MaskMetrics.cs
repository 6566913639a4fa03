namespace HqSam.Tests.Support;

internal static class MaskMetrics
{
    /// <summary>Intersection over union of two masks (non-zero = selected); 1 when both are empty.</summary>
    public static double IoU(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b)
    {
        Assert.AreEqual(a.Length, b.Length, "mask sizes differ");
        long inter = 0, union = 0;
        for (int i = 0; i < a.Length; i++)
        {
            bool x = a[i] != 0, y = b[i] != 0;
            inter += x && y ? 1 : 0;
            union += x || y ? 1 : 0;
        }

        return union == 0 ? 1 : (double)inter / union;
    }

    public static long Count(ReadOnlySpan<byte> mask)
    {
        long n = 0;
        foreach (byte b in mask)
        {
            n += b != 0 ? 1 : 0;
        }

        return n;
    }
}
