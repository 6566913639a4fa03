using HqSam.Core.Masks;

namespace HqSam.Core.Editing;

/// <summary>
/// The finishing options' ranges, defaults and labels, declared once: the property dialog, the click dialog and
/// <c>hqsam segment</c> all read them, so a value one host accepts the others accept too. Grow and
/// feather reach as far as the mask kernels go (<see cref="MaskAdjustments.MaxRadius"/>): a 24 MP
/// photograph can want a 200 px feather.
/// </summary>
public static class SelectionOptionRanges
{
    // A clean-up area of 100 MP reaches every hole or speck of the largest layer Paint.NET opens.
    private const int MaxCleanUpArea = 100_000_000;

    /// <summary>Grow (positive) or shrink (negative) the selection, in pixels.</summary>
    public static OptionRange Grow { get; } = new(-MaskAdjustments.MaxRadius, MaskAdjustments.MaxRadius, 0, "Grow / shrink (px)");

    /// <summary>
    /// Estimate a soft edge from the image over this many pixels (hair, fringes, motion blur get partial
    /// alpha; <see cref="SoftEdge"/>); 0 = off.
    /// </summary>
    public static OptionRange SoftEdge { get; } = new(0, MaskAdjustments.MaxSoftEdge, 0, "Soft edge from the image (px)");

    /// <summary>Soften the edge over this many pixels.</summary>
    public static OptionRange Feather { get; } = new(0, MaskAdjustments.MaxRadius, 0, "Feather (px)");

    /// <summary>
    /// Specks of the selection up to this many source pixels are dropped (SAM 2's clean-up, done on the
    /// 256² logits: the area is rounded down to whole logit cells, <see cref="MaskCleanup.CellsFor"/>); 0 = off.
    /// </summary>
    public static OptionRange RemoveSpecks { get; } = new(0, MaxCleanUpArea, 0, "Remove specks up to (px)");

    /// <summary>Holes in the selection up to this many source pixels become part of it (as <see cref="RemoveSpecks"/>); 0 = off.</summary>
    public static OptionRange FillHoles { get; } = new(0, MaxCleanUpArea, 0, "Fill holes up to (px)");

    /// <summary>Edge refinement in percent of the default strength (100 % = <c>--edge-strength 1</c>; 0 = plain bilinear).</summary>
    public static OptionRange EdgeStrengthPercent { get; } = new(0, 400, 100, "Edge refinement (%)");
}
