using System.Globalization;

namespace HqSam.Core.Models;

/// <summary>
/// How closely an ONNX pair reproduces the framework it was exported from, on the exporter's own
/// reference (see <see cref="ModelParity"/>). Differences are absolute, over every value compared;
/// a flipped pixel is a low-res mask value on the other side of 0 than the reference's, counted only
/// where the reference is clearly off 0 (a value within <see cref="ModelParity.FlipMargin"/> of 0 is
/// a tie that float rounding may decide either way).
/// </summary>
public sealed record ParityReport(
    string Framework,
    int Decodes,
    double EncoderMaxDiff,
    double EncoderScale,
    double LogitMaxDiff,
    double LogitScale,
    double IouMaxDiff,
    long MaskValues,
    long FlippedValues)
{
    /// <summary>The largest logit difference relative to the largest reference logit.</summary>
    public double RelativeLogitDiff => LogitMaxDiff / Math.Max(LogitScale, 1e-12);

    /// <summary>The largest encoder difference relative to the largest reference feature.</summary>
    public double RelativeEncoderDiff => EncoderMaxDiff / Math.Max(EncoderScale, 1e-12);

    public bool Passed =>
        FlippedValues == 0
        && RelativeEncoderDiff <= ModelParity.RelativeTolerance
        && RelativeLogitDiff <= ModelParity.RelativeTolerance
        && IouMaxDiff <= ModelParity.IouTolerance;

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"parity with {Framework} over {Decodes} prompts: encoder max |diff| {EncoderMaxDiff:G3} (relative {RelativeEncoderDiff:G2}), "
        + $"low-res logits max |diff| {LogitMaxDiff:G3} (relative {RelativeLogitDiff:G2}), IoU max |diff| {IouMaxDiff:G3}, "
        + $"{FlippedValues} of {MaskValues} mask values flipped");
}
