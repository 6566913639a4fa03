using HqSam.Core.Prompts;

namespace HqSam.Core.Editing;

/// <summary>
/// How an effect dialog's values become prompts. Paint.NET's pan control gives a point in
/// [-1, 1]² relative to the selection bounds (the whole canvas without a selection); a selection
/// smaller than the canvas is the "refine this" box.
/// </summary>
public static class DialogGeometry
{
    /// <summary>The layer pixel under a pan-control value (the edges map to the outermost pixels).</summary>
    public static PointPrompt ToPoint(double vx, double vy, PixelRect bounds, bool positive)
    {
        double u = Math.Clamp((vx + 1) / 2, 0, 1), v = Math.Clamp((vy + 1) / 2, 0, 1);
        float x = (float)Math.Min(bounds.X + Math.Floor(u * bounds.Width), bounds.X + bounds.Width - 1);
        float y = (float)Math.Min(bounds.Y + Math.Floor(v * bounds.Height), bounds.Y + bounds.Height - 1);
        return new PointPrompt(x, y, positive);
    }

    /// <summary>The selection as a box prompt, or null when nothing (or everything) is selected.</summary>
    public static BoxPrompt? SelectionBox(PixelRect selection, int canvasWidth, int canvasHeight)
    {
        if (selection.IsEmpty)
        {
            return null;
        }

        bool wholeCanvas = selection.X <= 0 && selection.Y <= 0 && selection.X + selection.Width >= canvasWidth && selection.Y + selection.Height >= canvasHeight;
        if (wholeCanvas)
        {
            return null;
        }

        int x0 = Math.Max(0, selection.X), y0 = Math.Max(0, selection.Y);
        int x1 = Math.Min(canvasWidth, selection.X + selection.Width), y1 = Math.Min(canvasHeight, selection.Y + selection.Height);
        return x1 > x0 && y1 > y0 ? new BoxPrompt(x0, y0, x1, y1) : null;
    }
}
