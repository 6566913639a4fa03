namespace HqSam.Core.Masks;

/// <summary>
/// The user's finishing touches on a coverage mask, in the order editors apply them: invert, then
/// grow or shrink (round element), then feather. One place for the effects and the command line.
/// </summary>
public static class MaskAdjustments
{
    /// <summary>The largest grow, shrink or feather accepted, in pixels.</summary>
    public const int MaxRadius = 500;

    /// <param name="grow">Pixels to grow (positive) or shrink (negative).</param>
    /// <param name="feather">Edge softening in pixels (0 = hard edge).</param>
    public static void Apply(Span<byte> coverage, int width, int height, bool invert, int grow, int feather)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(Math.Abs(grow), MaxRadius);
        ArgumentOutOfRangeException.ThrowIfNegative(feather);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(feather, MaxRadius);
        if (invert)
        {
            for (int i = 0; i < coverage.Length; i++)
            {
                coverage[i] = (byte)(255 - coverage[i]);
            }
        }

        MaskMorphology.Apply(coverage, width, height, grow, StructuringElement.Round);
        MaskFeather.Apply(coverage, width, height, feather);
    }
}
