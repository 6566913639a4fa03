using HqSam.Core.Masks;

namespace HqSam.Core.Pipeline;

/// <summary>A source-size mask (255 selected, 0 not) and what produced it.</summary>
public sealed class SegmentationResult
{
    internal SegmentationResult(Mask mask, float[] lowResLogits, float[] iou, int channel, ZoomRegion? cropToEncode = null)
    {
        CropToEncode = cropToEncode;
        Mask = mask;
        LowResLogits = lowResLogits;
        Iou = iou;
        Channel = channel;
    }

    /// <summary>The source image's size; allocated, the result's holders share it (see <see cref="Masks.Mask"/>).</summary>
    public Mask Mask { get; }

    /// <summary>The chosen mask's 256 x 256 logits: pass to <see cref="SegmentationOptions.PreviousLowResLogits"/> to refine.</summary>
    public float[] LowResLogits { get; }

    /// <summary>Predicted IoU of the three SAM masks.</summary>
    public float[] Iou { get; }

    /// <summary>
    /// With <see cref="SegmentationOptions.EncodeCrops"/> off: the crop a closer look needs and that is
    /// not encoded yet (the mask is then the whole-image one); null otherwise.
    /// </summary>
    internal ZoomRegion? CropToEncode { get; }

    /// <summary>The decoder channel the mask came from (3 = HQ).</summary>
    public int Channel { get; }
}
