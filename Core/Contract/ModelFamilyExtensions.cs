namespace HqSam.Core.Contract;

public static class ModelFamilyExtensions
{
    /// <summary>Masks per decode: <see cref="SamContract.MaskCount"/> for HQ-SAM, <see cref="SamContract.ScoredMaskCount"/> for plain SAM 2.1.</summary>
    public static int MaskCount(this ModelFamily family) => family == ModelFamily.HqSam21 ? SamContract.MaskCount : SamContract.ScoredMaskCount;

    public static bool HasHqMask(this ModelFamily family) => family == ModelFamily.HqSam21;

    /// <summary>The family in a user's words: "HQ-SAM 2.1" or "SAM 2.1".</summary>
    public static string DisplayName(this ModelFamily family) => family == ModelFamily.HqSam21 ? "HQ-SAM 2.1" : "SAM 2.1";
}
