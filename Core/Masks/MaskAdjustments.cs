namespace HqSam.Core.Masks;

/// <summary>
/// The user's finishing touches on a coverage mask, in the order editors apply them: invert, then
/// grow or shrink (round element), then a soft edge from the image, then feather. One place for the
/// effects and the command line.
/// </summary>
internal static class MaskAdjustments
{
    /// <summary>The largest grow, shrink or feather accepted, in pixels.</summary>
    public const int MaxRadius = 500;

    /// <summary>The widest soft edge accepted, in pixels (its cost grows with the width: docs/performance.md).</summary>
    public const int MaxSoftEdge = 100;

    /// <param name="grow">Pixels to grow (positive) or shrink (negative).</param>
    /// <param name="feather">Edge softening in pixels (0 = hard edge).</param>
    /// <param name="image">The image the mask selects in: what a soft edge is estimated from.</param>
    /// <param name="softEdge">Width in pixels of the band a soft edge is estimated in (<see cref="SoftEdge"/>; 0 = none, and no image needed).</param>
    public static void Apply(Span<byte> coverage, int width, int height, bool invert, int grow, int feather, Imaging.BgraImage? image = null, int softEdge = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(softEdge);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(softEdge, MaxSoftEdge);
        if (softEdge > 0 && image is null)
        {
            throw new ArgumentNullException(nameof(image), "a soft edge is estimated from the image");
        }

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
        if (softEdge > 0)
        {
            SoftEdge.Apply(image!, coverage, softEdge);
        }

        MaskFeather.Apply(coverage, width, height, feather);
    }
}
