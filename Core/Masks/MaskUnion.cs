using System.Numerics;
using System.Runtime.InteropServices;

namespace HqSam.Core.Masks;

/// <summary>
/// Several objects in one selection: their masks combined pixel by pixel. Coverage is 0..255, so the
/// union is the per-pixel maximum (a pixel is as selected as the object that selects it most), which
/// also keeps the soft edge of either mask where they meet.
/// </summary>
public static class MaskUnion
{
    /// <summary>Adds <paramref name="mask"/> to <paramref name="union"/> in place (same length: one byte per pixel).</summary>
    public static void Into(Span<byte> union, ReadOnlySpan<byte> mask)
    {
        if (union.Length != mask.Length)
        {
            throw new ArgumentException($"the masks differ in size ({union.Length} and {mask.Length} pixels)", nameof(mask));
        }

        // A byte maximum is one instruction per vector: no need to split rows across threads, memory
        // bandwidth is the limit (12 MP: two 12 MB streams).
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            Span<Vector<byte>> target = MemoryMarshal.Cast<byte, Vector<byte>>(union);
            ReadOnlySpan<Vector<byte>> source = MemoryMarshal.Cast<byte, Vector<byte>>(mask);
            for (int v = 0; v < target.Length; v++)
            {
                target[v] = Vector.Max(target[v], source[v]);
            }

            i = target.Length * Vector<byte>.Count;
        }

        for (; i < union.Length; i++)
        {
            union[i] = Math.Max(union[i], mask[i]);
        }
    }
}
