namespace HqSam.Core.Imaging;

/// <summary>
/// Per-output-index taps of a separable triangle (bilinear) filter with pixel-centre alignment.
/// With <c>antialias</c>, a downscale widens the filter to the scale factor, as
/// <c>torch.nn.functional.interpolate(mode="bilinear", antialias=True)</c> does for SAM 2's
/// <c>Resize</c>; without it this is plain bilinear with <c>align_corners=False</c>.
/// Immutable once built, so one instance serves every thread.
/// </summary>
internal sealed class ResampleWeights
{
    private ResampleWeights(int inSize, int outSize, int maxTaps, int[] start, int[] count, float[] weights)
    {
        InSize = inSize;
        OutSize = outSize;
        MaxTaps = maxTaps;
        Start = start;
        Count = count;
        Weights = weights;
    }

    public int InSize { get; }

    public int OutSize { get; }

    /// <summary>Stride of <see cref="Weights"/>: taps of output <c>i</c> start at <c>i * MaxTaps</c>.</summary>
    public int MaxTaps { get; }

    public int[] Start { get; }

    public int[] Count { get; }

    public float[] Weights { get; }

    public ReadOnlySpan<float> TapsOf(int i) => Weights.AsSpan(i * MaxTaps, Count[i]);

    public static ResampleWeights Create(int inSize, int outSize, bool antialias)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(inSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(outSize, 1);

        double scale = (double)inSize / outSize;
        return antialias && scale > 1 ? CreateAntialiased(inSize, outSize, scale) : CreateBilinear(inSize, outSize, scale);
    }

    private static ResampleWeights CreateBilinear(int inSize, int outSize, double scale)
    {
        var start = new int[outSize];
        var count = new int[outSize];
        var weights = new float[outSize * 2];
        for (int i = 0; i < outSize; i++)
        {
            // align_corners=False: source coordinate of the output pixel centre, clamped at the low edge
            // exactly as PyTorch does (it clamps negatives to 0 and repeats the last pixel at the high edge).
            double src = Math.Max(((i + 0.5) * scale) - 0.5, 0);
            int i0 = Math.Min((int)src, inSize - 1);
            int i1 = Math.Min(i0 + 1, inSize - 1);
            float l = (float)(src - i0);
            start[i] = i0;
            if (i1 == i0 || l == 0f)
            {
                count[i] = 1;
                weights[i * 2] = 1f;
            }
            else
            {
                count[i] = 2;
                weights[i * 2] = 1f - l;
                weights[(i * 2) + 1] = l;
            }
        }

        return new ResampleWeights(inSize, outSize, 2, start, count, weights);
    }

    private static ResampleWeights CreateAntialiased(int inSize, int outSize, double scale)
    {
        // Triangle filter stretched to the scale factor (support = scale), as PIL and PyTorch's
        // antialiased bilinear: every source pixel under the footprint contributes.
        double support = scale;
        int maxTaps = (int)Math.Ceiling(support) * 2 + 1;
        var start = new int[outSize];
        var count = new int[outSize];
        var weights = new float[outSize * maxTaps];
        double invScale = 1.0 / scale;
        Span<double> w = stackalloc double[maxTaps];
        for (int i = 0; i < outSize; i++)
        {
            double center = scale * (i + 0.5);
            int lo = Math.Max((int)(center - support + 0.5), 0);
            int hi = Math.Min((int)(center + support + 0.5), inSize);
            int n = Math.Min(hi - lo, maxTaps);
            double total = 0;
            for (int j = 0; j < n; j++)
            {
                double x = (lo + j - center + 0.5) * invScale;
                w[j] = Math.Max(0, 1 - Math.Abs(x));
                total += w[j];
            }

            start[i] = lo;
            count[i] = n;
            for (int j = 0; j < n; j++)
            {
                weights[(i * maxTaps) + j] = (float)(total > 0 ? w[j] / total : 0);
            }
        }

        return new ResampleWeights(inSize, outSize, maxTaps, start, count, weights);
    }
}
