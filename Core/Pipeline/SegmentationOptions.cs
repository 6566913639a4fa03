using HqSam.Core.Masks;

namespace HqSam.Core.Pipeline;

/// <summary>How a prompt becomes a mask.</summary>
public sealed record SegmentationOptions
{
    /// <summary>Which mask becomes the selection; null for the model's own default (<see cref="MaskChoice.DefaultFor"/>).</summary>
    public MaskChoice? Mask { get; init; }

    /// <summary>
    /// 256 x 256 logits of an earlier decode on the same image (<see cref="SegmentationResult.LowResLogits"/>),
    /// fed back as <c>mask_input</c> for iterative refinement; null for a first decode.
    /// </summary>
    public float[]? PreviousLowResLogits { get; init; }

    /// <summary>
    /// Edge refinement at full resolution (<see cref="EdgeRefiner"/>): 1 moves the edge within half a
    /// logit cell of the plain one where the image shows an edge; 0 keeps the plain bilinear edge. On by default.
    /// </summary>
    public float EdgeStrength { get; init; } = 1f;

    /// <summary>Holes up to this many source pixels become part of the selection (SAM 2's clean-up; 0 = off).</summary>
    public long FillHolesUpTo { get; init; }

    /// <summary>Specks up to this many source pixels are dropped (0 = off).</summary>
    public long RemoveSpecksUpTo { get; init; }

    /// <summary>
    /// When the object covers a small part of the image, decode again on a crop around it (encoded at
    /// the model's full 1024², once per object: crops snap to aligned squares, <see cref="ZoomRegion"/>)
    /// and paste the result back. <see cref="ZoomMode.Auto"/> by default: only where encodes are fast.
    /// </summary>
    public ZoomMode Zoom { get; init; } = ZoomMode.Auto;

    /// <summary>
    /// <see cref="ZoomMode.Auto"/> zooms only when this machine's last measured encode of this model took
    /// at most this long (a GPU; a CPU takes seconds). Unknown encode time: no automatic zoom.
    /// </summary>
    public TimeSpan AutoZoomMaxEncode { get; init; } = DefaultAutoZoomMaxEncode;

    /// <summary>
    /// False: look closer only where the crop is encoded already, and otherwise keep the whole-image
    /// mask and name the missing crop (<see cref="SegmentationResult.CropToEncode"/>) for the caller to
    /// encode beside, as the click dialog does. True (the default): encode it now.
    /// </summary>
    public bool EncodeCrops { get; init; } = true;

    /// <summary>
    /// 1.5 s: a 2-core CPU encodes HQ-SAM 2.1 Hiera-L in about 12 s (docs/performance.md, "On the real graph"), far
    /// above it; a GPU is expected to be under it (not measured: no GPU where this was written).
    /// </summary>
    public static TimeSpan DefaultAutoZoomMaxEncode { get; } = TimeSpan.FromSeconds(1.5);
}
