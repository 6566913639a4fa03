using HqSam.Core.Masks;

namespace HqSam.Core.Editing;

/// <summary>
/// Everything tiles need, made once per token and never changed afterwards, so any number of render
/// threads read it without locks. Without a mask (no prompt yet, or an error) tiles copy the layer
/// unchanged: a failure never alters the user's pixels.
/// </summary>
public sealed class RenderState
{
    internal RenderState(int width, int height, Mask? coverage, OutputMode output, string? error, string? notice, TintColour? tint = null)
    {
        Tint = tint ?? TintColour.Default;
        Width = width;
        Height = height;
        Coverage = coverage;
        Output = output;
        Error = error;
        Notice = notice;
    }

    public int Width { get; }

    public int Height { get; }

    /// <summary>Selection coverage per pixel, 0..255, after invert, grow/shrink and feather; null for "leave the layer".</summary>
    public Mask? Coverage { get; }

    public OutputMode Output { get; }

    /// <summary>The colour <see cref="OutputMode.Tint"/> draws the selection with.</summary>
    public TintColour Tint { get; }

    /// <summary>A one-line message for the user when the last update failed.</summary>
    public string? Error { get; }

    /// <summary>A hint that is not an error (e.g. "click the object to select").</summary>
    public string? Notice { get; }

    /// <summary>A state for a finished mask (255 selected), e.g. to render a tool's overlay or cut-out.</summary>
    public static RenderState ForMask(Mask coverage, OutputMode output, TintColour? tint = null)
    {
        ArgumentNullException.ThrowIfNull(coverage);
        return new RenderState(coverage.Width, coverage.Height, coverage, output, null, null, tint);
    }

    public static RenderState Unchanged(int width, int height, string? error, string? notice) =>
        new(width, height, null, OutputMode.Cutout, error, notice);
}
