using HqSam.Core.Masks;

namespace HqSam.Plugin;

/// <summary>The mask drop-down's choices.</summary>
public enum MaskOption
{
    HighQuality,
    BestScoring,
    HighQualityPlusBest,
    Sam0,
    Sam1,
    Sam2,
}

internal static class MaskOptionExtensions
{
    public static MaskChoice ToChoice(this MaskOption option) => option switch
    {
        MaskOption.BestScoring => MaskChoice.Best,
        MaskOption.HighQualityPlusBest => MaskChoice.HqPlusBest,
        MaskOption.Sam0 => MaskChoice.OfIndex(0),
        MaskOption.Sam1 => MaskChoice.OfIndex(1),
        MaskOption.Sam2 => MaskChoice.OfIndex(2),
        _ => MaskChoice.Hq,
    };

    /// <summary>The drop-down entry for a choice (a dialog showing a token's settings).</summary>
    public static MaskOption ToOption(this MaskChoice choice) =>
        Enum.GetValues<MaskOption>().FirstOrDefault(o => o.ToChoice() == choice);
}
