using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace HqSam.Core.Imaging;

/// <summary>
/// The vector kernels of the row operations. Each has a scalar tail and is checked against a naive
/// loop in the tests (also with hardware intrinsics switched off).
/// </summary>
internal static class RowMath
{
    /// <summary>
    /// <c>acc[i] = Σ_k weights[k] * bytes[rowStart + k * stride + i]</c> for <c>i &lt; acc.Length</c>: a
    /// vertical filter over consecutive rows. All taps of a column chunk are summed in registers and
    /// stored once, so the accumulator row is written once instead of once per tap.
    /// </summary>
    public static void WeightedRowSum(ReadOnlySpan<byte> bytes, long rowStart, int stride, ReadOnlySpan<float> weights, Span<float> acc)
    {
        int n = acc.Length;
        int taps = weights.Length;
        ref byte src = ref Unsafe.Add(ref MemoryMarshal.GetReference(bytes), (nint)rowStart);
        ref float dst = ref MemoryMarshal.GetReference(acc);
        ref float w = ref MemoryMarshal.GetReference(weights);
        int i = 0;
        if (Avx2.IsSupported)
        {
            // x86 with AVX2: vpmovzxbd widens 8 bytes straight to 8 ints from memory, half the
            // shuffles of the portable two-step widening below.
            unsafe
            {
                fixed (byte* origin = &src)
                {
                    for (; i <= n - 32; i += 32)
                    {
                        Vector256<float> s0 = Vector256<float>.Zero, s1 = s0, s2 = s0, s3 = s0;
                        byte* column = origin + i;
                        for (int k = 0; k < taps; k++)
                        {
                            byte* p = column + ((nint)k * stride);
                            // Six or more row streams advance together here; without a software prefetch
                            // the loop waits on memory (measured: twice as slow at 12 MP).
                            Sse.Prefetch0(p + 1024);
                            var wk = Vector256.Create(Unsafe.Add(ref w, k));
                            s0 += Avx.ConvertToVector256Single(Avx2.ConvertToVector256Int32(p)) * wk;
                            s1 += Avx.ConvertToVector256Single(Avx2.ConvertToVector256Int32(p + 8)) * wk;
                            s2 += Avx.ConvertToVector256Single(Avx2.ConvertToVector256Int32(p + 16)) * wk;
                            s3 += Avx.ConvertToVector256Single(Avx2.ConvertToVector256Int32(p + 24)) * wk;
                        }

                        s0.StoreUnsafe(ref dst, (nuint)i);
                        s1.StoreUnsafe(ref dst, (nuint)(i + 8));
                        s2.StoreUnsafe(ref dst, (nuint)(i + 16));
                        s3.StoreUnsafe(ref dst, (nuint)(i + 24));
                    }
                }
            }
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            for (; i <= n - 32; i += 32)
            {
                Vector256<float> s0 = Vector256<float>.Zero, s1 = s0, s2 = s0, s3 = s0;
                ref byte column = ref Unsafe.Add(ref src, i);
                for (int k = 0; k < taps; k++)
                {
                    Vector256<byte> b = Vector256.LoadUnsafe(ref Unsafe.Add(ref column, (nint)k * stride));
                    var wk = Vector256.Create(Unsafe.Add(ref w, k));
                    (Vector256<ushort> lo, Vector256<ushort> hi) = Vector256.Widen(b);
                    (Vector256<uint> a0, Vector256<uint> a1) = Vector256.Widen(lo);
                    (Vector256<uint> a2, Vector256<uint> a3) = Vector256.Widen(hi);
                    s0 += Vector256.ConvertToSingle(a0.AsInt32()) * wk;
                    s1 += Vector256.ConvertToSingle(a1.AsInt32()) * wk;
                    s2 += Vector256.ConvertToSingle(a2.AsInt32()) * wk;
                    s3 += Vector256.ConvertToSingle(a3.AsInt32()) * wk;
                }

                s0.StoreUnsafe(ref dst, (nuint)i);
                s1.StoreUnsafe(ref dst, (nuint)(i + 8));
                s2.StoreUnsafe(ref dst, (nuint)(i + 16));
                s3.StoreUnsafe(ref dst, (nuint)(i + 24));
            }
        }
        else if (Vector128.IsHardwareAccelerated)
        {
            for (; i <= n - 16; i += 16)
            {
                Vector128<float> s0 = Vector128<float>.Zero, s1 = s0, s2 = s0, s3 = s0;
                ref byte column = ref Unsafe.Add(ref src, i);
                for (int k = 0; k < taps; k++)
                {
                    Vector128<byte> b = Vector128.LoadUnsafe(ref Unsafe.Add(ref column, (nint)k * stride));
                    var wk = Vector128.Create(Unsafe.Add(ref w, k));
                    (Vector128<ushort> lo, Vector128<ushort> hi) = Vector128.Widen(b);
                    (Vector128<uint> a0, Vector128<uint> a1) = Vector128.Widen(lo);
                    (Vector128<uint> a2, Vector128<uint> a3) = Vector128.Widen(hi);
                    s0 += Vector128.ConvertToSingle(a0.AsInt32()) * wk;
                    s1 += Vector128.ConvertToSingle(a1.AsInt32()) * wk;
                    s2 += Vector128.ConvertToSingle(a2.AsInt32()) * wk;
                    s3 += Vector128.ConvertToSingle(a3.AsInt32()) * wk;
                }

                s0.StoreUnsafe(ref dst, (nuint)i);
                s1.StoreUnsafe(ref dst, (nuint)(i + 4));
                s2.StoreUnsafe(ref dst, (nuint)(i + 8));
                s3.StoreUnsafe(ref dst, (nuint)(i + 12));
            }
        }

        for (; i < n; i++)
        {
            float sum = 0;
            for (int k = 0; k < taps; k++)
            {
                sum += Unsafe.Add(ref src, (nint)k * stride + i) * Unsafe.Add(ref w, k);
            }

            Unsafe.Add(ref dst, i) = sum;
        }
    }

    /// <summary>
    /// <c>acc[i] (=|+=) weight * bgra[i]</c> with the colour premultiplied by alpha first, so that
    /// filtering does not bleed the colour of transparent pixels into visible ones.
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
        int n = Math.Min(dst.Length, Math.Min(a.Length, b.Length));
        ref float ra = ref MemoryMarshal.GetReference(a);
        ref float rb = ref MemoryMarshal.GetReference(b);
        ref float rd = ref MemoryMarshal.GetReference(dst);
        int i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var vt = Vector256.Create(t);
            for (; i <= n - 8; i += 8)
            {
                Vector256<float> va = Vector256.LoadUnsafe(ref ra, (nuint)i);
                Vector256<float> vb = Vector256.LoadUnsafe(ref rb, (nuint)i);
                (va + (vt * (vb - va))).StoreUnsafe(ref rd, (nuint)i);
            }
        }
        else if (Vector128.IsHardwareAccelerated)
        {
            var vt = Vector128.Create(t);
            for (; i <= n - 4; i += 4)
            {
                Vector128<float> va = Vector128.LoadUnsafe(ref ra, (nuint)i);
                Vector128<float> vb = Vector128.LoadUnsafe(ref rb, (nuint)i);
                (va + (vt * (vb - va))).StoreUnsafe(ref rd, (nuint)i);
            }
        }

        for (; i < n; i++)
        {
            float x = Unsafe.Add(ref ra, i);
            Unsafe.Add(ref rd, i) = x + (t * (Unsafe.Add(ref rb, i) - x));
        }
    }

    /// <summary>
    /// Sets bit <c>i</c> of <paramref name="bits"/> (64 per word) when <c>values[i] &gt; 0</c>.
    /// <paramref name="bits"/> must hold at least <c>ceil(values.Length / 64)</c> words.
    /// </summary>
    public static void PositiveBits(ReadOnlySpan<float> values, Span<ulong> bits)
    {
        bits.Clear();
        ref float r = ref MemoryMarshal.GetReference(values);
        int n = values.Length;
        int i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            for (; i <= n - 8; i += 8)
            {
                ulong m = Vector256.GreaterThan(Vector256.LoadUnsafe(ref r, (nuint)i), Vector256<float>.Zero).ExtractMostSignificantBits();
                bits[i >> 6] |= m << (i & 63);
            }
        }
        else if (Vector128.IsHardwareAccelerated)
        {
            for (; i <= n - 4; i += 4)
            {
                ulong m = Vector128.GreaterThan(Vector128.LoadUnsafe(ref r, (nuint)i), Vector128<float>.Zero).ExtractMostSignificantBits();
                bits[i >> 6] |= m << (i & 63);
            }
        }

        for (; i < n; i++)
        {
            if (Unsafe.Add(ref r, i) > 0)
            {
                bits[i >> 6] |= 1UL << (i & 63);
            }
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
}
