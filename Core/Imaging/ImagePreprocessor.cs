using System.Buffers;
using System.Runtime.Intrinsics;
using HqSam.Core.Model;

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
public sealed class ImagePreprocessor
{
    public static readonly float[] Mean = [0.485f, 0.456f, 0.406f];
    public static readonly float[] Std = [0.229f, 0.224f, 0.225f];

    private const int Side = SamContract.ImageSize;
    private const int Plane = Side * Side;

    private ResampleWeights? _x;
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

        ResampleWeights wx = _x is { } x && x.InSize == image.Width ? x : (_x = ResampleWeights.Create(image.Width, Side, antialias: true));
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

    /// <summary>One output row: vertical filter into a scratch row of BGRA floats, then horizontal filter and normalise.</summary>
    private readonly unsafe struct RowOperation(BgraImage image, ResampleWeights wx, ResampleWeights wy, bool opaque, float* dst, CancellationToken token)
    {
        public void Execute(int fromRow, int toRow)
        {
            float[] scratch = ArrayPool<float>.Shared.Rent(image.Width * 4);
            try
            {
                Span<float> acc = scratch.AsSpan(0, image.Width * 4);
                for (int oy = fromRow; oy < toRow; oy++)
                {
                    if (token.IsCancellationRequested)
                    {
                        return;
                    }

                    VerticalPass(oy, acc);
                    HorizontalPass(oy, acc);
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
            for (int k = 0; k < taps.Length; k++)
            {
                ReadOnlySpan<byte> row = image.GetRow(start + k);
                if (opaque)
                {
                    RowMath.AccumulateBytes(row, acc, taps[k], overwrite: k == 0);
                }
                else
                {
                    RowMath.AccumulatePremultiplied(row, acc, taps[k], overwrite: k == 0);
                }
            }
        }

        private void HorizontalPass(int oy, ReadOnlySpan<float> acc)
        {
            // Normalised value = (P - mean * A) / (255 * std), P colour premultiplied by alpha (0..255)
            // and A alpha (0..255): for opaque pixels this is (c / 255 - mean) / std.
            var mean = Vector128.Create(Mean[2], Mean[1], Mean[0], 0f); // B, G, R, -
            var scale = Vector128.Create(1f / (255f * Std[2]), 1f / (255f * Std[1]), 1f / (255f * Std[0]), 0f);
            float* r = dst + (oy * Side);
            float* g = r + Plane;
            float* b = g + Plane;
            for (int ox = 0; ox < Side; ox++)
            {
                int start = wx.Start[ox];
                ReadOnlySpan<float> taps = wx.TapsOf(ox);
                Vector128<float> sum = Vector128<float>.Zero;
                for (int k = 0; k < taps.Length; k++)
                {
                    sum += Vector128.Create(acc.Slice((start + k) * 4, 4)) * taps[k];
                }

                Vector128<float> v = (sum - (mean * sum.GetElement(3))) * scale;
                b[ox] = v.GetElement(0);
                g[ox] = v.GetElement(1);
                r[ox] = v.GetElement(2);
            }
        }
    }
}
