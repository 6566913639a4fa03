using HqSam.Core.Imaging;
using HqSam.Core.Masks;

namespace HqSam.Core.Pipeline;

/// <summary>
/// Every step between the decoder's chosen logits and the mask the user gets, in the order they run:
/// clean-up of holes and specks (on the 256² logits), upsampling to the source size and edge
/// refinement against the image (together <see cref="Plain"/>, once per decode), then the user's
/// adjustments, invert, grow or shrink, feather (<see cref="Adjust"/>, on the finished plain mask, so
/// after a closer look's crop is pasted in, and without a decode when only they change). The
/// predictor, the dialogs' session and the command line all finish masks here.
/// </summary>
public sealed class MaskFinisher
{
    private readonly MaskUpsampler _upsampler = new();

    /// <summary>
    /// The plain source-size mask (0/255) from the chosen logits, which are cleaned up in place (the
    /// caller keeps them as the next refinement's input, so it refines what the user saw).
    /// </summary>
    /// <param name="image">The source pixels for edge refinement; null keeps the plain bilinear edge.</param>
    public void Plain(Span<float> logits, int width, int height, SegmentationOptions options, BgraImage? image, Span<byte> mask, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.FillHolesUpTo > 0 || options.RemoveSpecksUpTo > 0)
        {
            MaskCleanup.Apply(logits, MaskCleanup.CellsFor(options.FillHolesUpTo, width, height), MaskCleanup.CellsFor(options.RemoveSpecksUpTo, width, height));
        }

        _upsampler.Run(logits, width, height, mask, cancellationToken: cancellationToken);
        if (image is not null && options.EdgeStrength > 0)
        {
            new EdgeRefiner { Strength = options.EdgeStrength }.Refine(image, logits, mask[..(width * height)], cancellationToken);
        }
    }

    /// <summary>Plain masks <see cref="WarmUp"/> finishes: past the 30 calls after which .NET compiles a method fully optimised.</summary>
    public const int WarmUpRounds = 32;

    /// <summary>
    /// Finishes <see cref="WarmUpRounds"/> plain masks of a small made-up picture whose edge crosses
    /// most logit cells, refinement included, so that the kernels a click runs are already compiled
    /// fully optimised (in the background, a moment later) when the user first clicks: without it the
    /// first five to ten clicks of a process ran them unoptimised. `click-probe` at 12 MP (session 16),
    /// the first click a second after the warm-up: post-processing of the first click 245-271 ms, of
    /// the next seven 15-224 ms each without it; 35-59 ms, then 10-29 ms with it. It costs 0.5-0.7 s
    /// the first time in a process (unoptimised code on 0.3 MP); once compiled, the whole warm-up with
    /// its two decodes took 0.24 s.
    /// </summary>
    public void WarmUp(CancellationToken cancellationToken = default)
    {
        (float[] logits, BgraImage image) = WarmUpPicture();
        var mask = new byte[image.Width * image.Height];
        var scratch = new float[logits.Length];
        var options = new SegmentationOptions();
        for (int round = 0; round < WarmUpRounds; round++)
        {
            logits.CopyTo(scratch, 0);
            Plain(scratch, image.Width, image.Height, options, image, mask, cancellationToken);
        }
    }

    /// <summary>
    /// <see cref="WarmUp"/>'s logits and picture: cells of 2.5 x 1.9 pixels, the smallest the refinement
    /// works on; blobs six cells across, the picture's half a cell off the logits', so that the
    /// refinement finds edges to move and runs every pass.
    /// </summary>
    internal static (float[] Logits, BgraImage Image) WarmUpPicture()
    {
        const int Width = 640, Height = 480, Side = Contract.SamContract.LowResSize;
        var logits = new float[Side * Side];
        for (int y = 0; y < Side; y++)
        {
            for (int x = 0; x < Side; x++)
            {
                logits[(y * Side) + x] = 8 * MathF.Sin(x * 0.5f) * MathF.Sin(y * 0.5f);
            }
        }

        var pixels = new byte[Width * Height * 4];
        for (int y = 0; y < Height; y++)
        {
            for (int x = 0; x < Width; x++)
            {
                bool inside = MathF.Sin(((x + 0.5f) / 2.5f) * 0.5f) * MathF.Sin((y / 1.875f) * 0.5f) > 0;
                int i = ((y * Width) + x) * 4;
                (pixels[i], pixels[i + 1], pixels[i + 2], pixels[i + 3]) = inside ? ((byte)40, (byte)90, (byte)200, (byte)255) : ((byte)220, (byte)210, (byte)190, (byte)255);
            }
        }

        return (logits, new BgraImage(Width, Height, pixels));
    }

    /// <summary>
    /// The user's adjustments on a finished mask, in place. Values beyond what the kernels reach are
    /// held at their limit (a host's stored settings may predate a range); the CLI and the dialogs
    /// refuse them earlier, through <see cref="Editing.SelectionOptionRanges"/>.
    /// </summary>
    /// <param name="grow">Pixels to grow (positive) or shrink (negative).</param>
    /// <param name="feather">Edge softening in pixels (0 = hard edge).</param>
    /// <param name="image">The image the mask selects in; needed only for a soft edge.</param>
    /// <param name="softEdge">A soft edge estimated from the image over this many pixels (0 = none).</param>
    public static void Adjust(Mask mask, bool invert, int grow, int feather, BgraImage? image = null, int softEdge = 0)
    {
        ArgumentNullException.ThrowIfNull(mask);
        MaskAdjustments.Apply(
            mask.Pixels, mask.Width, mask.Height, invert, Math.Clamp(grow, -MaskAdjustments.MaxRadius, MaskAdjustments.MaxRadius), Math.Clamp(feather, 0, MaskAdjustments.MaxRadius),
            image, image is null ? 0 : Math.Clamp(softEdge, 0, MaskAdjustments.MaxSoftEdge));
    }
}
