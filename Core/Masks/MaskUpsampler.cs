using System.Buffers;
using HqSam.Core.Imaging;
using HqSam.Core.Model;

namespace HqSam.Core.Masks;

/// <summary>
/// The official postprocessing: one bilinear resize (half-pixel centres, <c>align_corners=False</c>)
/// of the 256 x 256 logits straight to the source size, thresholded at 0. Separable: each output
/// row blends two logit rows into a 256-wide scratch row (SIMD), then samples it per column from a
/// precomputed table. Parallel over rows; the tables for the last size are kept.
/// </summary>
public sealed class MaskUpsampler
{
    private const int Side = SamContract.LowResSize;

    private ResampleWeights? _x;
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

        ResampleWeights wx = _x is { } x && x.OutSize == width ? x : (_x = ResampleWeights.Create(Side, width, antialias: false));
        ResampleWeights wy = _y is { } y && y.OutSize == height ? y : (_y = ResampleWeights.Create(Side, height, antialias: false));
        unsafe
        {
            fixed (float* src = logits)
            fixed (byte* dst = mask)
            {
                var op = new RowOperation(src, dst, width, wx, wy, on, off, cancellationToken);
                ParallelRows.For(height, width, op.Execute);
            }
        }

        cancellationToken.ThrowIfCancellationRequested();
    }

    private readonly unsafe struct RowOperation(float* src, byte* dst, int width, ResampleWeights wx, ResampleWeights wy, byte on, byte off, CancellationToken token)
    {
        public void Execute(int fromRow, int toRow)
        {
            float[] scratch = ArrayPool<float>.Shared.Rent(Side + 1);
            try
            {
                Span<float> row = scratch.AsSpan(0, Side + 1);
                row[Side] = 0;
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

                    Sample(row, new Span<byte>(dst + ((long)y * width), width));
                }
            }
            finally
            {
                ArrayPool<float>.Shared.Return(scratch);
            }
        }

        /// <summary>
        /// Consecutive output columns that read the same two logits form a segment along which the
        /// value is linear in the column, so its sign changes at most once: each segment costs two
        /// evaluations (plus a binary search where it crosses zero) and one or two vectorised fills,
        /// and every pixel still gets exactly the value the per-pixel formula gives.
        /// </summary>
        private void Sample(ReadOnlySpan<float> row, Span<byte> output)
        {
            int[] start = wx.Start;
            float[] w = wx.Weights;
            int x = 0;
            int n = output.Length;
            while (x < n)
            {
                int i = start[x];
                int end = x + 1;
                while (end < n && start[end] == i)
                {
                    end++;
                }

                float a = row[i], b = row[i + 1];
                bool first = (a * w[x * 2]) + (b * w[(x * 2) + 1]) > 0;
                bool last = (a * w[(end - 1) * 2]) + (b * w[((end - 1) * 2) + 1]) > 0;
                if (first == last)
                {
                    output[x..end].Fill(first ? on : off);
                }
                else
                {
                    // First column whose side differs from the segment's start.
                    int lo = x + 1, hi = end - 1;
                    while (lo < hi)
                    {
                        int mid = (lo + hi) >>> 1;
                        if (((a * w[mid * 2]) + (b * w[(mid * 2) + 1]) > 0) == first)
                        {
                            lo = mid + 1;
                        }
                        else
                        {
                            hi = mid;
                        }
                    }

                    output[x..lo].Fill(first ? on : off);
                    output[lo..end].Fill(last ? on : off);
                }

                x = end;
            }
        }
    }
}
