using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using HqSam.Core.Contract;

namespace HqSam.Core.Imaging;

/// <summary>
/// BGRA pixels → the encoder's <c>image</c> tensor, in one pass: SAM 2's preprocessing
/// (RGB, 0..1, stretched to 1024x1024 with an antialiased bilinear filter, ImageNet mean/std,
/// NCHW float32).
/// <para>
/// Transparent pixels: straight-alpha colour is composited over the ImageNet mean colour, so a
/// fully transparent pixel normalises to exactly 0 in every channel (the model's "no signal")
/// and whatever colour a transparent pixel happens to store never leaks into the features.
/// Filtering runs on premultiplied values, which makes compositing and resizing commute.
/// </para>
/// Rows are processed in parallel; weights for the last source size are kept, so repeated calls
/// on images of one size allocate nothing but pooled scratch rows.
/// </summary>
internal sealed class ImagePreprocessor
{
    public static readonly float[] Mean = [0.485f, 0.456f, 0.406f];
    public static readonly float[] Std = [0.229f, 0.224f, 0.225f];

    private const int Side = SamContract.ImageSize;
    private const int Plane = Side * Side;

    private HorizontalTaps? _x;
    private ResampleWeights? _y;

    /// <summary>Elements of the output tensor (3 x 1024 x 1024).</summary>
    public static int TensorLength => 3 * Plane;

    public void Run(BgraImage image, Span<float> tensor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (tensor.Length < TensorLength)
        {
            throw new ArgumentException($"tensor needs {TensorLength} floats", nameof(tensor));
        }

        HorizontalTaps wx = _x is { } x && x.InSize == image.Width ? x : (_x = new HorizontalTaps(ResampleWeights.Create(image.Width, Side, antialias: true)));
        ResampleWeights wy = _y is { } y && y.InSize == image.Height ? y : (_y = ResampleWeights.Create(image.Height, Side, antialias: true));
        bool opaque = IsOpaque(image);

        unsafe
        {
            fixed (float* dst = tensor)
            {
                var op = new RowOperation(image, wx, wy, opaque, dst, cancellationToken);
                ParallelRows.For(Side, image.Width * 4, op.Execute);
            }
        }

        cancellationToken.ThrowIfCancellationRequested();
    }

    private static bool IsOpaque(BgraImage image)
    {
        for (int y = 0; y < image.Height; y++)
        {
            if (!RowMath.IsOpaque(image.GetRow(y)))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Horizontal taps laid out for two-pixel vectors: for output column x, pair p holds the weights of
    /// taps 2p and 2p+1, each repeated over the four BGRA lanes (zero past the last tap).
    /// </summary>
    private sealed class HorizontalTaps
    {
        public HorizontalTaps(ResampleWeights weights)
        {
            InSize = weights.InSize;
            Start = weights.Start;
            MaxPairs = (weights.MaxTaps + 1) / 2;
            Pairs = new int[Side];
            Expanded = new float[Side * MaxPairs * 8];
            for (int x = 0; x < Side; x++)
            {
                ReadOnlySpan<float> taps = weights.TapsOf(x);
                Pairs[x] = (taps.Length + 1) / 2;
                for (int k = 0; k < taps.Length; k++)
                {
                    Expanded.AsSpan((((x * MaxPairs) + (k / 2)) * 8) + ((k % 2) * 4), 4).Fill(taps[k]);
                }
            }
        }

        public int InSize { get; }

        public int[] Start { get; }

        public int MaxPairs { get; }

        public int[] Pairs { get; }

        public float[] Expanded { get; }
    }

    /// <summary>One output row: vertical filter into a scratch row of BGRA floats, then horizontal filter and normalise.</summary>
    private readonly unsafe struct RowOperation(BgraImage image, HorizontalTaps wx, ResampleWeights wy, bool opaque, float* dst, CancellationToken token)
    {
        // The horizontal pass reads pixel pairs: a pair's second pixel may lie one past the row (with
        // weight 0), so the scratch row has one spare pixel, kept at zero.
        private const int Spare = 4;

        public void Execute(int fromRow, int toRow)
        {
            int length = image.Width * 4;
            float[] scratch = ArrayPool<float>.Shared.Rent(length + Spare);
            try
            {
                Span<float> acc = scratch.AsSpan(0, length);
                scratch.AsSpan(length, Spare).Clear();
                for (int oy = fromRow; oy < toRow; oy++)
                {
                    if (token.IsCancellationRequested)
                    {
                        return;
                    }

                    VerticalPass(oy, acc);
                    HorizontalPass(oy, scratch);
                }
            }
            finally
            {
                ArrayPool<float>.Shared.Return(scratch);
            }
        }

        private void VerticalPass(int oy, Span<float> acc)
        {
            int start = wy.Start[oy];
            ReadOnlySpan<float> taps = wy.TapsOf(oy);
            if (opaque)
            {
                RowMath.WeightedRowSum(image.Pixels.Span, (long)start * image.Stride, image.Stride, taps, acc);
                return;
            }

            for (int k = 0; k < taps.Length; k++)
            {
                RowMath.AccumulatePremultiplied(image.GetRow(start + k), acc, taps[k], overwrite: k == 0);
            }
        }

        private void HorizontalPass(int oy, float[] acc)
        {
            // Normalised value = (P - mean * A) / (255 * std), P colour premultiplied by alpha (0..255)
            // and A alpha (0..255): for opaque pixels this is (c / 255 - mean) / std.
            var mean = Vector128.Create(Mean[2], Mean[1], Mean[0], 0f); // B, G, R, -
            var scale = Vector128.Create(1f / (255f * Std[2]), 1f / (255f * Std[1]), 1f / (255f * Std[0]), 0f);
            float* r = dst + (oy * Side);
            float* g = r + Plane;
            float* b = g + Plane;
            ref float accRef = ref MemoryMarshal.GetArrayDataReference(acc);
            ref float weights = ref MemoryMarshal.GetArrayDataReference(wx.Expanded);
            int[] start = wx.Start;
            int[] pairs = wx.Pairs;
            for (int ox = 0; ox < Side; ox++)
            {
                ref float px = ref Unsafe.Add(ref accRef, start[ox] * 4);
                ref float w = ref Unsafe.Add(ref weights, ox * wx.MaxPairs * 8);
                Vector256<float> sum2 = Vector256<float>.Zero;
                for (int p = 0; p < pairs[ox]; p++)
                {
                    sum2 += Vector256.LoadUnsafe(ref px, (nuint)(p * 8)) * Vector256.LoadUnsafe(ref w, (nuint)(p * 8));
                }

                Vector128<float> sum = sum2.GetLower() + sum2.GetUpper();
                Vector128<float> v = (sum - (mean * sum.GetElement(3))) * scale;
                b[ox] = v.GetElement(0);
                g[ox] = v.GetElement(1);
                r[ox] = v.GetElement(2);
            }
        }
    }
}
