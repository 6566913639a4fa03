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
/// object, right or Alt+left: exclude), drags (a box), Shift+click on a point to remove it, several
/// objects in one selection (Shift+click beside the points, or <see cref="NewObject"/>, starts another;
/// <see cref="RemoveObject"/> drops the latest), and undo/redo of every change, across objects, click
/// by click. The view only forwards mouse and key events and paints; after each change it asks for a
/// decode of the objects' prompts.
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
        _history = [new PromptState([], [], initialBox)];
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

    /// <summary>The points of the object clicks add to now (the latest).</summary>
    public ImmutableArray<PointPrompt> Points => _history[_current].Points;

    /// <summary>The box of the object clicks add to now.</summary>
    public BoxPrompt? Box => _history[_current].Box;

    /// <summary>The objects made before the current one, each with at least a point or a box; their masks join the current one's.</summary>
    public ImmutableArray<SegmentationPrompt> EarlierObjects => _history[_current].Earlier;

    /// <summary>How many objects have a hint (the current one counts once it has one).</summary>
    public int ObjectCount => Finished.Length;

    /// <summary>The box being dragged right now, for the view to draw (image coordinates).</summary>
    public BoxPrompt? PendingBox { get; private set; }

    public bool CanUndo => _current > 0;

    public bool CanRedo => _current < _history.Count - 1;

    /// <summary>Counts prompt changes: the view decodes when it moves.</summary>
    public int Version { get; private set; }

    /// <summary>The current object's prompt; null before its first hint.</summary>
    public SegmentationPrompt? Prompt => Points.IsEmpty && Box is null ? null : new SegmentationPrompt(Points, Box);

    /// <summary>A new view size (fitted to it unless the user zoomed in).</summary>
    public void SetViewport(int viewWidth, int viewHeight) => Geometry.SetViewport(viewWidth, viewHeight);

    /// <summary>The image position under a view position, or null outside the image.</summary>
    public (float X, float Y)? ViewToImage(double viewX, double viewY) => Geometry.ViewToImage(viewX, viewY);

    public (double X, double Y) ImageToView(double imageX, double imageY) => Geometry.ImageToView(imageX, imageY);

    /// <summary>Whether a point of any object is drawn under a view position (a Shift+click there removes it).</summary>
    public bool IsOnAPoint(double viewX, double viewY) => PointAt(viewX, viewY) is not null;

    /// <summary>The index of the current object's point drawn under a view position, or -1.</summary>
    public int HitTest(double viewX, double viewY) => HitTest(Points, viewX, viewY);

    private int HitTest(ImmutableArray<PointPrompt> points, double viewX, double viewY)
    {
        for (int i = points.Length - 1; i >= 0; i--)
        {
            (double px, double py) = ImageToView(points[i].X, points[i].Y);
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
            return box is { } b && b.Width >= 1 && b.Height >= 1 && Push(State with { Box = b });
        }

        if (press.Shift && RemovePointAt(press.X, press.Y))
        {
            return true;
        }

        if (ViewToImage(press.X, press.Y) is not { } at)
        {
            return false; // a click beside the image selects nothing
        }

        var point = new PointPrompt(MathF.Floor(at.X), MathF.Floor(at.Y), press.Button == MouseButton.Left && !press.Alt);
        if (press.Shift)
        {
            // Shift+click beside every point: this click is the first of another object.
            return point.Positive && Push(new PromptState(Finished, [point], null));
        }

        return Push(State with { Points = Points.Add(point) });
    }

    /// <summary>
    /// The "+ object" button: the next click starts another object, whose mask joins the selection.
    /// Nothing happens while the current object has no hint yet.
    /// </summary>
    public bool NewObject() => Prompt is not null && Push(new PromptState(Finished, [], null));

    /// <summary>
    /// Removes the latest object that has a hint (kept in the history, so it can be undone); clicks then
    /// add to the object before it.
    /// </summary>
    public bool RemoveObject()
    {
        ImmutableArray<SegmentationPrompt> objects = Finished;
        if (objects.IsEmpty)
        {
            return false;
        }

        ImmutableArray<SegmentationPrompt> remaining = objects.RemoveAt(objects.Length - 1);
        return remaining.IsEmpty
            ? Push(new PromptState([], [], null))
            : Push(new PromptState(remaining.RemoveAt(remaining.Length - 1), remaining[^1].Points, remaining[^1].Box));
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
    public bool Clear() => !Finished.IsEmpty && Push(new PromptState([], [], null));

    private PromptState State => _history[_current];

    /// <summary>Every object with a hint, the current one last: what a new object starts after.</summary>
    private ImmutableArray<SegmentationPrompt> Finished => Prompt is { } current ? EarlierObjects.Add(current) : EarlierObjects;

    /// <summary>
    /// The point drawn under a view position: the current object's points are hit first (object -1),
    /// then the earlier objects', latest first; null when there is none.
    /// </summary>
    private (int Object, int Point)? PointAt(double viewX, double viewY)
    {
        int hit = HitTest(viewX, viewY);
        if (hit >= 0)
        {
            return (-1, hit);
        }

        for (int o = EarlierObjects.Length - 1; o >= 0; o--)
        {
            hit = HitTest(EarlierObjects[o].Points, viewX, viewY);
            if (hit >= 0)
            {
                return (o, hit);
            }
        }

        return null;
    }

    /// <summary>Shift+click on a point removes it; an earlier object left without a hint is removed.</summary>
    private bool RemovePointAt(double viewX, double viewY)
    {
        if (PointAt(viewX, viewY) is not { } hit)
        {
            return false;
        }

        if (hit.Object < 0)
        {
            return Push(State with { Points = Points.RemoveAt(hit.Point) });
        }

        SegmentationPrompt earlier = EarlierObjects[hit.Object];
        var rest = new SegmentationPrompt(earlier.Points.RemoveAt(hit.Point), earlier.Box);
        return Push(State with { Earlier = rest.IsEmpty ? EarlierObjects.RemoveAt(hit.Object) : EarlierObjects.SetItem(hit.Object, rest) });
    }

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

    private sealed record PromptState(ImmutableArray<SegmentationPrompt> Earlier, ImmutableArray<PointPrompt> Points, BoxPrompt? Box);
}
