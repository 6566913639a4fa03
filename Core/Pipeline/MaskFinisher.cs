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
