using System.Collections.Immutable;
using HqSam.Core.Prompts;

namespace HqSam.Core.Editing;

/// <summary>Mouse buttons the click dialog distinguishes.</summary>
public enum MouseButton
{
    Left,
    Right,

    /// <summary>Drags pan a zoomed view.</summary>
    Middle,
}

/// <summary>
/// Everything the click-to-select dialog does with the mouse, without a window: view ↔ image
/// coordinates (<see cref="Geometry"/>: fit-to-window, wheel zoom, middle-button pan), clicks (left:
/// object, right or Alt+left: exclude), drags (a box), Shift+click on a point to remove it, and
/// undo/redo of every change. The view only forwards mouse and key events and paints; after each
/// change it asks for a decode of <see cref="Prompt"/>.
/// </summary>
public sealed class ClickDialogModel
{
    /// <summary>Below this many view pixels of movement a press-release is a click, not a drag.</summary>
    public const double DragThreshold = 4;

    /// <summary>How near (view pixels) a Shift+click must be to a point to remove it.</summary>
    public const double HitRadius = 6;

    private readonly List<PromptState> _history;
    private int _current;
    private (double X, double Y, MouseButton Button, bool Alt, bool Shift)? _press;

    /// <param name="initialBox">The editor's current selection, as the box the dialog starts from (undo/clear remove it).</param>
    public ClickDialogModel(int imageWidth, int imageHeight, BoxPrompt? initialBox = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(imageWidth, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(imageHeight, 1);
        ImageWidth = imageWidth;
        ImageHeight = imageHeight;
        _history = [new PromptState([], initialBox)];
        Geometry = new ViewGeometry(imageWidth, imageHeight);
    }

    public int ImageWidth { get; }

    public int ImageHeight { get; }

    /// <summary>Where the image sits in the view (fit-to-window, zoom, pan).</summary>
    public ViewGeometry Geometry { get; }

    /// <summary>View pixels per image pixel.</summary>
    public double Scale => Geometry.Scale;

    /// <summary>Where the image's top-left corner sits in the view.</summary>
    public double OffsetX => Geometry.OffsetX;

    public double OffsetY => Geometry.OffsetY;

    public ImmutableArray<PointPrompt> Points => _history[_current].Points;

    public BoxPrompt? Box => _history[_current].Box;

    /// <summary>The box being dragged right now, for the view to draw (image coordinates).</summary>
    public BoxPrompt? PendingBox { get; private set; }

    public bool CanUndo => _current > 0;

    public bool CanRedo => _current < _history.Count - 1;

    /// <summary>Counts prompt changes: the view decodes when it moves.</summary>
    public int Version { get; private set; }

    /// <summary>What reaches the decoder; null before the first hint.</summary>
    public SegmentationPrompt? Prompt => Points.IsEmpty && Box is null ? null : new SegmentationPrompt(Points, Box);

    /// <summary>A new view size (fitted to it unless the user zoomed in).</summary>
    public void SetViewport(int viewWidth, int viewHeight) => Geometry.SetViewport(viewWidth, viewHeight);

    /// <summary>The image position under a view position, or null outside the image.</summary>
    public (float X, float Y)? ViewToImage(double viewX, double viewY) => Geometry.ViewToImage(viewX, viewY);

    public (double X, double Y) ImageToView(double imageX, double imageY) => Geometry.ImageToView(imageX, imageY);

    /// <summary>The index of the point drawn under a view position, or -1.</summary>
    public int HitTest(double viewX, double viewY)
    {
        for (int i = Points.Length - 1; i >= 0; i--)
        {
            (double px, double py) = ImageToView(Points[i].X, Points[i].Y);
            if (((px - viewX) * (px - viewX)) + ((py - viewY) * (py - viewY)) <= HitRadius * HitRadius)
            {
                return i;
            }
        }

        return -1;
    }

    public void MouseDown(double viewX, double viewY, MouseButton button, bool alt = false, bool shift = false)
    {
        _press = (viewX, viewY, button, alt, shift);
        PendingBox = null;
    }

    public void MouseMove(double viewX, double viewY)
    {
        if (_press is { Button: MouseButton.Middle } pan)
        {
            // Panning: the grabbed image point follows the mouse.
            Geometry.PanBy(viewX - pan.X, viewY - pan.Y);
            _press = pan with { X = viewX, Y = viewY };
        }
        else if (_press is { Button: MouseButton.Left } press && IsDrag(press.X, press.Y, viewX, viewY))
        {
            PendingBox = DragBox(press.X, press.Y, viewX, viewY);
        }
    }

    /// <returns>True when the prompt changed (the view should decode).</returns>
    public bool MouseUp(double viewX, double viewY)
    {
        if (_press is not { } press)
        {
            return false;
        }

        _press = null;
        PendingBox = null;
        if (press.Button == MouseButton.Middle)
        {
            return false; // a pan, not a hint
        }

        if (press.Button == MouseButton.Left && IsDrag(press.X, press.Y, viewX, viewY))
        {
            BoxPrompt? box = DragBox(press.X, press.Y, viewX, viewY);
            return box is { } b && b.Width >= 1 && b.Height >= 1 && Push(new PromptState(Points, b));
        }

        if (press.Shift)
        {
            int hit = HitTest(press.X, press.Y);
            return hit >= 0 && Push(new PromptState(Points.RemoveAt(hit), Box));
        }

        if (ViewToImage(press.X, press.Y) is not { } at)
        {
            return false; // a click beside the image selects nothing
        }

        bool positive = press.Button == MouseButton.Left && !press.Alt;
        return Push(new PromptState(Points.Add(new PointPrompt(MathF.Floor(at.X), MathF.Floor(at.Y), positive)), Box));
    }

    /// <summary>Ctrl+Z.</summary>
    public bool Undo()
    {
        if (!CanUndo)
        {
            return false;
        }

        _current--;
        Version++;
        return true;
    }

    /// <summary>Ctrl+Y.</summary>
    public bool Redo()
    {
        if (!CanRedo)
        {
            return false;
        }

        _current++;
        Version++;
        return true;
    }

    /// <summary>Starts over (kept in the history, so it can be undone).</summary>
    public bool Clear() => !Points.IsEmpty || Box is not null ? Push(new PromptState([], null)) : false;

    private static bool IsDrag(double x0, double y0, double x1, double y1) =>
        Math.Abs(x1 - x0) >= DragThreshold || Math.Abs(y1 - y0) >= DragThreshold;

    /// <summary>The dragged rectangle in image pixels, clipped to the image.</summary>
    private BoxPrompt? DragBox(double vx0, double vy0, double vx1, double vy1)
    {
        double x0 = Math.Clamp((Math.Min(vx0, vx1) - OffsetX) / Scale, 0, ImageWidth);
        double x1 = Math.Clamp((Math.Max(vx0, vx1) - OffsetX) / Scale, 0, ImageWidth);
        double y0 = Math.Clamp((Math.Min(vy0, vy1) - OffsetY) / Scale, 0, ImageHeight);
        double y1 = Math.Clamp((Math.Max(vy0, vy1) - OffsetY) / Scale, 0, ImageHeight);
        return x1 > x0 && y1 > y0 ? new BoxPrompt((float)Math.Round(x0), (float)Math.Round(y0), (float)Math.Round(x1), (float)Math.Round(y1)) : null;
    }

    private bool Push(PromptState state)
    {
        // A new change drops the redo branch, as editors do.
        _history.RemoveRange(_current + 1, _history.Count - _current - 1);
        _history.Add(state);
        _current++;
        Version++;
        return true;
    }

    private sealed record PromptState(ImmutableArray<PointPrompt> Points, BoxPrompt? Box);
}
