using System.Buffers;
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
/// few segments where the sign flips are searched pixel by pixel (binary search on the same formula).
/// Every pixel gets exactly the value the per-pixel formula gives, at close to the cost of writing
/// the mask. Parallel over rows; the column tables for the last size are kept.
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
        }

        public ResampleWeights Weights { get; }

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
                    SearchSegment(row, output, j, positive);
                    positive = !positive;
                    runStart = j + 1;
                }
            }

            output[first[runStart]..first[Side]].Fill(positive ? on : off);
        }

        private void SearchSegment(ReadOnlySpan<float> row, Span<byte> output, int i, bool startsPositive)
        {
            int from = columns.First[i], to = columns.First[i + 1];
            if (from == to)
            {
                return;
            }

            float[] w = columns.Weights.Weights;
            float a = row[i], b = row[i + 1];

            // First column whose side differs from the segment's start; the value is monotonic in the column.
            int lo = from, hi = to;
            while (lo < hi)
            {
                int mid = (lo + hi) >>> 1;
                if (((a * w[mid * 2]) + (b * w[(mid * 2) + 1]) > 0) == startsPositive)
                {
                    lo = mid + 1;
                }
                else
                {
                    hi = mid;
                }
            }

            output[from..lo].Fill(startsPositive ? on : off);
            output[lo..to].Fill(startsPositive ? off : on);
        }
    }
}
