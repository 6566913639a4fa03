using HqSam.Core.Masks;

namespace HqSam.Core.Pipeline;

/// <summary>How a prompt becomes a mask.</summary>
public sealed record SegmentationOptions
{
    public MaskChoice Mask { get; init; } = MaskChoice.Hq;

    /// <summary>
    /// 256 x 256 logits of an earlier decode on the same image (<see cref="SegmentationResult.LowResLogits"/>),
    /// fed back as <c>mask_input</c> for iterative refinement; null for a first decode.
    /// </summary>
    public float[]? PreviousLowResLogits { get; init; }
}
