using System.Collections.Immutable;

namespace HqSam.Core.Contract;

/// <summary>
/// The HQ-SAM 2.1 ONNX contract (docs/model-contract.md, which a test keeps equal to this file), named once,
/// and plain SAM 2.1's, which differs only in having no HQ mask (<see cref="ModelFamily"/>).
/// Every other file refers to these names and sizes instead of spelling them again.
/// </summary>
public static class SamContract
{
    /// <summary>The encoder sees every image stretched to this square (SAM 2 does not pad).</summary>
    public const int ImageSize = 1024;

    /// <summary>Side of the low-resolution mask logits (and of <c>mask_input</c>).</summary>
    public const int LowResSize = 256;

    /// <summary>Masks per decode: three SAM multimask outputs and the HQ mask.</summary>
    public const int MaskCount = 4;

    /// <summary>The HQ refinement mask's channel. Channels 0-2 are the SAM multimask outputs.</summary>
    public const int HqMaskIndex = 3;

    /// <summary><c>iou_predictions</c> scores only the SAM masks (0-2); the HQ mask has no score.</summary>
    public const int ScoredMaskCount = 3;

    public const string Image = "image";
    public const string HighResFeats0 = "high_res_feats_0";
    public const string HighResFeats1 = "high_res_feats_1";
    public const string ImageEmbed = "image_embed";
    public const string PointCoords = "point_coords";
    public const string PointLabels = "point_labels";
    public const string MaskInput = "mask_input";
    public const string HasMaskInput = "has_mask_input";
    public const string Masks = "masks";
    public const string IouPredictions = "iou_predictions";
    public const string LowResMasks = "low_res_masks";

    /// <summary>
    /// Point labels as the SAM 2 prompt encoder reads them. The exported graph appends its own
    /// padding point (label -1), so callers never send <see cref="PaddingLabel"/>.
    /// </summary>
    public const float NegativeLabel = 0f;
    public const float PositiveLabel = 1f;
    public const float BoxTopLeftLabel = 2f;
    public const float BoxBottomRightLabel = 3f;
    public const float PaddingLabel = -1f;

    public static TensorSpec ImageSpec { get; } = F32(Image, 1, 3, ImageSize, ImageSize);
    public static TensorSpec HighResFeats0Spec { get; } = F32(HighResFeats0, 1, 32, 256, 256);
    public static TensorSpec HighResFeats1Spec { get; } = F32(HighResFeats1, 1, 64, 128, 128);
    public static TensorSpec ImageEmbedSpec { get; } = F32(ImageEmbed, 1, 256, 64, 64);
    public static TensorSpec PointCoordsSpec { get; } = F32(PointCoords, 1, TensorSpec.Dynamic, 2);
    public static TensorSpec PointLabelsSpec { get; } = F32(PointLabels, 1, TensorSpec.Dynamic);
    public static TensorSpec MaskInputSpec { get; } = F32(MaskInput, 1, 1, LowResSize, LowResSize);
    public static TensorSpec HasMaskInputSpec { get; } = F32(HasMaskInput, 1);
    public static TensorSpec MasksSpec { get; } = F32(Masks, 1, MaskCount, ImageSize, ImageSize);
    public static TensorSpec IouPredictionsSpec { get; } = F32(IouPredictions, 1, ScoredMaskCount);
    public static TensorSpec LowResMasksSpec { get; } = F32(LowResMasks, 1, MaskCount, LowResSize, LowResSize);

    public static ImmutableArray<TensorSpec> EncoderInputs { get; } = [ImageSpec];

    public static ImmutableArray<TensorSpec> EncoderOutputs { get; } = [HighResFeats0Spec, HighResFeats1Spec, ImageEmbedSpec];

    public static ImmutableArray<TensorSpec> DecoderInputs { get; } =
        [ImageEmbedSpec, HighResFeats0Spec, HighResFeats1Spec, PointCoordsSpec, PointLabelsSpec, MaskInputSpec, HasMaskInputSpec];

    public static ImmutableArray<TensorSpec> DecoderOutputs { get; } = [MasksSpec, IouPredictionsSpec, LowResMasksSpec];

    /// <summary>Plain SAM 2.1's <c>masks</c>: the three SAM masks, no HQ mask.</summary>
    public static TensorSpec PlainMasksSpec { get; } = F32(Masks, 1, ScoredMaskCount, ImageSize, ImageSize);

    /// <summary>Plain SAM 2.1's <c>low_res_masks</c>: the three SAM masks, no HQ mask.</summary>
    public static TensorSpec PlainLowResMasksSpec { get; } = F32(LowResMasks, 1, ScoredMaskCount, LowResSize, LowResSize);

    /// <summary>Plain SAM 2.1's decoder outputs (<see cref="ModelFamily.Sam21"/>); its inputs are HQ-SAM's.</summary>
    public static ImmutableArray<TensorSpec> PlainDecoderOutputs { get; } = [PlainMasksSpec, IouPredictionsSpec, PlainLowResMasksSpec];

    /// <summary>The decoder outputs of a family.</summary>
    public static ImmutableArray<TensorSpec> DecoderOutputsOf(ModelFamily family) => family == ModelFamily.HqSam21 ? DecoderOutputs : PlainDecoderOutputs;

    /// <summary>The <c>low_res_masks</c> of a family.</summary>
    public static TensorSpec LowResMasksSpecOf(ModelFamily family) => family == ModelFamily.HqSam21 ? LowResMasksSpec : PlainLowResMasksSpec;

    private static TensorSpec F32(string name, params long[] shape) => new(name, TensorElementKind.Float32, [.. shape]);
}
