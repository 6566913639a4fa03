using HqSam.Core.Masks;

namespace HqSam.Core.Contract;

/// <summary>
/// One decode's result, in reusable buffers: the 256 x 256 logit maps (<c>low_res_masks</c>,
/// unclamped; four for HQ-SAM, three for plain SAM 2.1) and the three IoU scores. The decoder writes
/// straight into these arrays.
/// </summary>
public sealed class LowResMasks
{
    public const int PlaneLength = SamContract.LowResSize * SamContract.LowResSize;

    /// <param name="family">Whose decoder fills it: the number of logit maps follows.</param>
    public LowResMasks(ModelFamily family = ModelFamily.HqSam21)
    {
        Family = family;
        Logits = new float[family.MaskCount() * PlaneLength];
    }

    public ModelFamily Family { get; }

    public float[] Logits { get; }

    public float[] Iou { get; } = new float[SamContract.ScoredMaskCount];

    public ReadOnlySpan<float> Channel(int k) => Logits.AsSpan(k * PlaneLength, PlaneLength);

    /// <summary>
    /// Writes the chosen mask's logits (256 x 256) to <paramref name="destination"/> and returns the
    /// channel used (for <see cref="MaskChoiceKind.HqPlusBest"/>, the SAM channel that was added).
    /// Combining happens on the unclamped low-res logits, before any upsampling, as HQ-SAM does.
    /// </summary>
    public int Select(MaskChoice choice, Span<float> destination)
    {
        if (destination.Length < PlaneLength)
        {
            throw new ArgumentException($"destination needs {PlaneLength} floats", nameof(destination));
        }

        destination = destination[..PlaneLength];
        choice.CheckFits(Family);
        switch (choice.Kind)
        {
            case MaskChoiceKind.Hq:
                Channel(SamContract.HqMaskIndex).CopyTo(destination);
                return SamContract.HqMaskIndex;
            case MaskChoiceKind.Best:
                {
                    int best = MaskChoice.BestScoring(Iou);
                    Channel(best).CopyTo(destination);
                    return best;
                }

            case MaskChoiceKind.HqPlusBest:
                {
                    int best = MaskChoice.BestScoring(Iou);
                    System.Numerics.Tensors.TensorPrimitives.Add(Channel(best), Channel(SamContract.HqMaskIndex), destination);
                    return best;
                }

            default:
                Channel(choice.Channel).CopyTo(destination);
                return choice.Channel;
        }
    }

    /// <summary>
    /// True when no logit or score is NaN or infinite. A SIMD sum propagates both (∞ - ∞ is NaN), so
    /// one pass answers; only logits beyond ~1e32 could overflow it, and those are garbage too.
    /// </summary>
    public bool AllFinite() =>
        float.IsFinite(System.Numerics.Tensors.TensorPrimitives.Sum(Logits)) && float.IsFinite(System.Numerics.Tensors.TensorPrimitives.Sum(Iou));
}
