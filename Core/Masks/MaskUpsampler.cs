using System.Buffers;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using HqSam.Core.Contract;
using HqSam.Core.Imaging;

namespace HqSam.Core.Masks;

/// <summary>
/// The official postprocessing: one bilinear resize (half-pixel centres, <c>align_corners=False</c>)
/// of the 256 x 256 logits straight to the source size, thresholded at 0.
/// <para>
/// Each output row first blends two logit rows into a 256-wide row (SIMD). Along that row the value
/// is a convex combination of two neighbouring logits, so wherever neighbouring logits share a sign
/// every pixel between them does too: such runs are written with one vectorised fill, and only the
/// segments where the sign flips are computed, eight columns at a time by the per-pixel formula (a
/// binary search per segment cost twice as much where the edge crosses most cells, as the reference
/// pair's random-weight masks do). Every pixel gets exactly the value the per-pixel formula gives, at
/// close to the cost of writing the mask. Parallel over rows; the column tables for the last size are kept.
/// </para>
/// </summary>
internal sealed class MaskUpsampler
{
    private const int Side = SamContract.LowResSize;

    private Columns? _x;
    private ResampleWeights? _y;

    /// <summary>Selected pixels get <paramref name="on"/>, the rest <paramref name="off"/>.</summary>
    public void Run(ReadOnlySpan<float> logits, int width, int height, Span<byte> mask, byte on = 255, byte off = 0, CancellationToken cancellationToken = default)
    {
        if (logits.Length < Side * Side)
        {
            throw new ArgumentException($"logits need {Side * Side} floats", nameof(logits));
        }

        if (mask.Length < (long)width * height)
        {
            throw new ArgumentException($"mask needs {(long)width * height} bytes", nameof(mask));
        }

        Columns cx = _x is { } x && x.Weights.OutSize == width ? x : (_x = new Columns(ResampleWeights.Create(Side, width, antialias: false)));
        ResampleWeights wy = _y is { } y && y.OutSize == height ? y : (_y = ResampleWeights.Create(Side, height, antialias: false));
        unsafe
        {
            fixed (float* src = logits)
            fixed (byte* dst = mask)
            {
                var op = new RowOperation(src, dst, width, cx, wy, on, off, cancellationToken);
                ParallelRows.For(height, width, op.Execute);
            }
        }

        cancellationToken.ThrowIfCancellationRequested();
    }

    /// <summary>Horizontal weights plus, for each logit column, the first output column that reads it.</summary>
    private sealed class Columns
    {
        public Columns(ResampleWeights weights)
        {
            Weights = weights;
            First = new int[Side + 1];
            int x = 0;
            for (int i = 0; i <= Side; i++)
            {
                while (x < weights.OutSize && weights.Start[x] < i)
                {
                    x++;
                }

                First[i] = x;
            }

            First[Side] = weights.OutSize;

            // The two weights of each column apart, for loads of eight columns at once.
            Left = new float[weights.OutSize];
            Right = new float[weights.OutSize];
            for (int column = 0; column < weights.OutSize; column++)
            {
                Left[column] = weights.Weights[column * 2];
                Right[column] = weights.Weights[(column * 2) + 1];
            }
        }

        public ResampleWeights Weights { get; }

        /// <summary>Per column, the weight of its left logit.</summary>
        public float[] Left { get; }

        /// <summary>Per column, the weight of its right logit (0 where the column reads one logit alone).</summary>
        public float[] Right { get; }

        /// <summary>Output columns <c>[First[i], First[i + 1])</c> blend logits <c>i</c> and <c>i + 1</c>.</summary>
        public int[] First { get; }
    }

    private readonly unsafe struct RowOperation(float* src, byte* dst, int width, Columns columns, ResampleWeights wy, byte on, byte off, CancellationToken token)
    {
        public void Execute(int fromRow, int toRow)
        {
            float[] scratch = ArrayPool<float>.Shared.Rent(Side + 1);
            try
            {
                Span<float> row = scratch.AsSpan(0, Side + 1);
                var logits = new ReadOnlySpan<float>(src, Side * Side);
                for (int y = fromRow; y < toRow; y++)
                {
                    if (token.IsCancellationRequested)
                    {
                        return;
                    }

                    int y0 = wy.Start[y];
                    ReadOnlySpan<float> r0 = logits.Slice(y0 * Side, Side);
                    if (wy.Count[y] == 1)
                    {
                        r0.CopyTo(row);
                    }
                    else
                    {
                        RowMath.Lerp(r0, logits.Slice((y0 + 1) * Side, Side), wy.Weights[(y * 2) + 1], row[..Side]);
                    }

                    // Columns past the last logit read it alone (their second weight is 0): repeating it
                    // keeps the final run uniform without changing any value.
                    row[Side] = row[Side - 1];
                    Sample(row, new Span<byte>(dst + ((long)y * width), width));
                }
            }
            finally
            {
                ArrayPool<float>.Shared.Return(scratch);
            }
        }

        private void Sample(ReadOnlySpan<float> row, Span<byte> output)
        {
            // Bit i: logit i is positive (i = 0..256, the last a repeat of 255). A sign change between
            // logits j and j + 1 is a set bit of sign ^ (sign >> 1); only there is work per pixel.
            Span<ulong> sign = stackalloc ulong[5];
            RowMath.PositiveBits(row, sign);
            int[] first = columns.First;
            int runStart = 0;
            bool positive = (sign[0] & 1) != 0;
            for (int word = 0; word < 4; word++)
            {
                ulong changes = sign[word] ^ ((sign[word] >> 1) | (sign[word + 1] << 63));
                while (changes != 0)
                {
                    int j = (word << 6) + System.Numerics.BitOperations.TrailingZeroCount(changes);
                    changes &= changes - 1;

                    // Segments runStart .. j-1 lie between logits of one sign; segment j crosses.
                    output[first[runStart]..first[j]].Fill(positive ? on : off);
                    CrossingSegment(row, output, j);
                    positive = !positive;
                    runStart = j + 1;
                }
            }

            output[first[runStart]..first[Side]].Fill(positive ? on : off);
        }

        /// <summary>
        /// The columns of segment <paramref name="i"/> (between logits i and i + 1, whose signs differ),
        /// each by the per-pixel formula, eight at a time. A block may run past the segment into the
        /// next one, which is written after it (left to right), but never past the row.
        /// </summary>
        private void CrossingSegment(ReadOnlySpan<float> row, Span<byte> output, int i)
        {
            int from = columns.First[i], to = columns.First[i + 1];
            ref float left = ref MemoryMarshal.GetArrayDataReference(columns.Left);
            ref float right = ref MemoryMarshal.GetArrayDataReference(columns.Right);
            float a = row[i], b = row[i + 1];
            int x = from;
            if (Vector256.IsHardwareAccelerated)
            {
                Vector256<float> va = Vector256.Create(a), vb = Vector256.Create(b);
                Vector256<int> vOn = Vector256.Create((int)on), vOff = Vector256.Create((int)off);
                for (; x < to && x <= output.Length - Vector256<float>.Count; x += Vector256<float>.Count)
                {
                    // Multiply, then add, as the scalar formula: no fused multiply-add, so the same rounding.
                    Vector256<float> value = (va * Vector256.LoadUnsafe(ref left, (nuint)x)) + (vb * Vector256.LoadUnsafe(ref right, (nuint)x));
                    Vector256<int> bytes = Vector256.ConditionalSelect(Vector256.GreaterThan(value, Vector256<float>.Zero).AsInt32(), vOn, vOff);
                    Vector128<short> shorts = Vector128.Narrow(bytes.GetLower(), bytes.GetUpper());
                    Vector128.Narrow(shorts, shorts).AsByte().GetLower().StoreUnsafe(ref MemoryMarshal.GetReference(output), (nuint)x);
                }
            }

            for (; x < to; x++)
            {
                output[x] = (a * columns.Left[x]) + (b * columns.Right[x]) > 0 ? on : off;
            }
        }
    }
}
