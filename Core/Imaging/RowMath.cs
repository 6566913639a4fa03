using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace HqSam.Core.Imaging;

/// <summary>
/// The vector kernels of the row operations. Each has a scalar tail and is checked against a naive
/// loop in the tests (also with hardware intrinsics switched off).
/// </summary>
internal static class RowMath
{
    /// <summary><c>acc[i] (=|+=) weight * bytes[i]</c> over the whole row.</summary>
    public static void AccumulateBytes(ReadOnlySpan<byte> bytes, Span<float> acc, float weight, bool overwrite)
    {
        int n = Math.Min(bytes.Length, acc.Length);
        int i = 0;
        ref byte src = ref MemoryMarshal.GetReference(bytes);
        ref float dst = ref MemoryMarshal.GetReference(acc);

        if (Vector256.IsHardwareAccelerated)
        {
            // 32 bytes widen to four vectors of eight floats.
            var w = Vector256.Create(weight);
            for (; i <= n - 32; i += 32)
            {
                Vector256<byte> b = Vector256.LoadUnsafe(ref src, (nuint)i);
                (Vector256<ushort> lo, Vector256<ushort> hi) = Vector256.Widen(b);
                (Vector256<uint> a0, Vector256<uint> a1) = Vector256.Widen(lo);
                (Vector256<uint> a2, Vector256<uint> a3) = Vector256.Widen(hi);
                Store(ref dst, i, Vector256.ConvertToSingle(a0.AsInt32()) * w, overwrite);
                Store(ref dst, i + 8, Vector256.ConvertToSingle(a1.AsInt32()) * w, overwrite);
                Store(ref dst, i + 16, Vector256.ConvertToSingle(a2.AsInt32()) * w, overwrite);
                Store(ref dst, i + 24, Vector256.ConvertToSingle(a3.AsInt32()) * w, overwrite);
            }
        }
        else if (Vector128.IsHardwareAccelerated)
        {
            var w = Vector128.Create(weight);
            for (; i <= n - 16; i += 16)
            {
                Vector128<byte> b = Vector128.LoadUnsafe(ref src, (nuint)i);
                (Vector128<ushort> lo, Vector128<ushort> hi) = Vector128.Widen(b);
                (Vector128<uint> a0, Vector128<uint> a1) = Vector128.Widen(lo);
                (Vector128<uint> a2, Vector128<uint> a3) = Vector128.Widen(hi);
                Store(ref dst, i, Vector128.ConvertToSingle(a0.AsInt32()) * w, overwrite);
                Store(ref dst, i + 4, Vector128.ConvertToSingle(a1.AsInt32()) * w, overwrite);
                Store(ref dst, i + 8, Vector128.ConvertToSingle(a2.AsInt32()) * w, overwrite);
                Store(ref dst, i + 12, Vector128.ConvertToSingle(a3.AsInt32()) * w, overwrite);
            }
        }

        for (; i < n; i++)
        {
            float v = Unsafe.Add(ref src, i) * weight;
            Unsafe.Add(ref dst, i) = overwrite ? v : Unsafe.Add(ref dst, i) + v;
        }
    }

    /// <summary>
    /// Like <see cref="AccumulateBytes"/> for BGRA pixels, with the colour premultiplied by alpha
    /// first so that filtering does not bleed the colour of transparent pixels into visible ones.
    /// </summary>
    public static void AccumulatePremultiplied(ReadOnlySpan<byte> bgra, Span<float> acc, float weight, bool overwrite)
    {
        const float inv255 = 1f / 255f;
        for (int i = 0; i + 3 < bgra.Length; i += 4)
        {
            float a = bgra[i + 3];
            float ca = a * inv255 * weight;
            float b = bgra[i] * ca, g = bgra[i + 1] * ca, r = bgra[i + 2] * ca, aw = a * weight;
            if (overwrite)
            {
                acc[i] = b;
                acc[i + 1] = g;
                acc[i + 2] = r;
                acc[i + 3] = aw;
            }
            else
            {
                acc[i] += b;
                acc[i + 1] += g;
                acc[i + 2] += r;
                acc[i + 3] += aw;
            }
        }
    }

    /// <summary><c>dst[i] = a[i] + t * (b[i] - a[i])</c>.</summary>
    public static void Lerp(ReadOnlySpan<float> a, ReadOnlySpan<float> b, float t, Span<float> dst)
    {
        int n = dst.Length;
        int i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var vt = Vector256.Create(t);
            for (; i <= n - 8; i += 8)
            {
                Vector256<float> va = Vector256.Create(a.Slice(i, 8));
                Vector256<float> vb = Vector256.Create(b.Slice(i, 8));
                (va + (vt * (vb - va))).CopyTo(dst.Slice(i, 8));
            }
        }
        else if (Vector128.IsHardwareAccelerated)
        {
            var vt = Vector128.Create(t);
            for (; i <= n - 4; i += 4)
            {
                Vector128<float> va = Vector128.Create(a.Slice(i, 4));
                Vector128<float> vb = Vector128.Create(b.Slice(i, 4));
                (va + (vt * (vb - va))).CopyTo(dst.Slice(i, 4));
            }
        }

        for (; i < n; i++)
        {
            dst[i] = a[i] + (t * (b[i] - a[i]));
        }
    }

    /// <summary>True when every pixel's alpha is 255 (lets the preprocessor skip premultiplying).</summary>
    public static bool IsOpaque(ReadOnlySpan<byte> bgra)
    {
        ReadOnlySpan<uint> px = MemoryMarshal.Cast<byte, uint>(bgra);
        int i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var mask = Vector256.Create(0xFF000000u);
            for (; i <= px.Length - 8; i += 8)
            {
                if (!Vector256.EqualsAll(Vector256.Create(px.Slice(i, 8)) & mask, mask))
                {
                    return false;
                }
            }
        }

        for (; i < px.Length; i++)
        {
            if ((px[i] & 0xFF000000u) != 0xFF000000u)
            {
                return false;
            }
        }

        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(ref float dst, int i, Vector256<float> v, bool overwrite)
    {
        if (!overwrite)
        {
            v += Vector256.LoadUnsafe(ref dst, (nuint)i);
        }

        v.StoreUnsafe(ref dst, (nuint)i);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(ref float dst, int i, Vector128<float> v, bool overwrite)
    {
        if (!overwrite)
        {
            v += Vector128.LoadUnsafe(ref dst, (nuint)i);
        }

        v.StoreUnsafe(ref dst, (nuint)i);
    }
}
