using System.Globalization;
using HqSam.Core.Contract;
using HqSam.Core.Prompts;

namespace HqSam.Core.Masks;

public enum MaskChoiceKind
{
    /// <summary>The HQ token's mask (channel 3): the crispest boundary, best for a single object.</summary>
    Hq,

    /// <summary>The SAM multimask output (0-2) with the highest predicted IoU.</summary>
    Best,

    /// <summary>HQ-SAM's own default: the best-scoring SAM logits plus the HQ logits (several objects in view).</summary>
    HqPlusBest,

    /// <summary>One channel by index, 0-3.</summary>
    Index,
}

/// <summary>Which of the decoder's four masks becomes the selection.</summary>
public readonly record struct MaskChoice(MaskChoiceKind Kind, int Channel = SamContract.HqMaskIndex)
{
    public static MaskChoice Hq => new(MaskChoiceKind.Hq);

    public static MaskChoice Best => new(MaskChoiceKind.Best, -1);

    public static MaskChoice HqPlusBest => new(MaskChoiceKind.HqPlusBest, -1);

    public static MaskChoice OfIndex(int channel)
    {
        if (channel is < 0 or >= SamContract.MaskCount)
        {
            throw new ArgumentOutOfRangeException(nameof(channel), channel, $"mask index must be 0..{SamContract.MaskCount - 1}");
        }

        return new MaskChoice(MaskChoiceKind.Index, channel);
    }

    /// <summary>Parses <c>hq</c>, <c>best</c>, <c>hq+best</c> or an index 0-3; null when the text is none of these.</summary>
    public static MaskChoice? TryParse(string? text)
    {
        switch (text?.Trim().ToLowerInvariant())
        {
            case "hq":
                return Hq;
            case "best":
                return Best;
            case "hq+best":
                return HqPlusBest;
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int i) && i is >= 0 and < SamContract.MaskCount
            ? new MaskChoice(MaskChoiceKind.Index, i)
            : null;
    }

    /// <summary>What a model selects with when nobody chose: the HQ mask on HQ-SAM, the best-scoring mask on plain SAM 2.1.</summary>
    public static MaskChoice DefaultFor(ModelFamily family) => family.HasHqMask() ? Hq : Best;

    /// <summary>Whether this choice needs the HQ mask (channel 3), which plain SAM 2.1 does not have.</summary>
    public bool NeedsHqMask => Kind is MaskChoiceKind.Hq or MaskChoiceKind.HqPlusBest || (Kind == MaskChoiceKind.Index && Channel == SamContract.HqMaskIndex);

    /// <summary>
    /// The choice as the dialogs apply it on a model: on plain SAM 2.1, whose decoder has no HQ mask, a
    /// choice that needs one becomes the best-scoring mask (its nearest), so a dialog set up for
    /// HQ-SAM keeps working when the user switches to a faster model.
    /// </summary>
    public MaskChoice On(ModelFamily family) => NeedsHqMask && !family.HasHqMask() ? Best : this;

    /// <summary>Refuses, in one line, a choice the model cannot make (asked for explicitly, on the command line).</summary>
    public void CheckFits(ModelFamily family)
    {
        if (NeedsHqMask && !family.HasHqMask())
        {
            throw new PromptException($"the '{this}' mask needs an HQ-SAM model; this one is plain {family.DisplayName()} (three masks, no HQ mask): choose best or a mask 0-2");
        }
    }

    /// <summary>The highest-scoring SAM channel (0-2); ties go to the lower index.</summary>
    public static int BestScoring(ReadOnlySpan<float> iou)
    {
        int best = 0;
        for (int k = 1; k < Math.Min(iou.Length, SamContract.ScoredMaskCount); k++)
        {
            if (iou[k] > iou[best])
            {
                best = k;
            }
        }

        return best;
    }

    public override string ToString() => Kind switch
    {
        MaskChoiceKind.Hq => "hq",
        MaskChoiceKind.Best => "best",
        MaskChoiceKind.HqPlusBest => "hq+best",
        _ => Channel.ToString(CultureInfo.InvariantCulture),
    };
}
