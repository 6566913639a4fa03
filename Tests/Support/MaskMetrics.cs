using HqSam.Core.Masks;

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

    /// <summary>A mask that must be there (a state or result without one fails the test here) against <paramref name="b"/>.</summary>
    public static double IoU(Mask? a, ReadOnlySpan<byte> b) => IoU(Present(a).Pixels, b);

    public static double IoU(Mask? a, Mask? b) => IoU(Present(a).Pixels, Present(b).Pixels);

    public static long Count(Mask? mask) => Count(Present(mask).Pixels);

    public static long Count(ReadOnlySpan<byte> mask)
    {
        long n = 0;
        foreach (byte b in mask)
        {
            n += b != 0 ? 1 : 0;
        }

        return n;
    }

    private static Mask Present(Mask? mask)
    {
        Assert.IsNotNull(mask, "no mask");
        return mask;
    }
}
