using System.Drawing;
using System.Drawing.Drawing2D;
using System.Drawing.Imaging;
using System.Runtime.InteropServices;
using System.Runtime.Versioning;
using System.Windows.Forms;
using HqSam.Core.Editing;
using HqSam.Core.Prompts;

namespace HqSam.Plugin.Forms;

/// <summary>
/// The click dialog's picture of the layer. It only forwards the mouse to
/// <see cref="ClickDialogController.View"/> and paints: the controller's finished frame, then the
/// points and boxes at the positions the model gives. Coordinates, hit testing and history are not here.
/// </summary>
[SupportedOSPlatform("windows")]
internal sealed class PreviewCanvas : Control
{
    private const float MarkerRadius = 5f;

    private ClickDialogController? _controller;
    private Bitmap? _bitmap;
    private PreviewFrame? _shown;
    private int _geometry;

    public PreviewCanvas()
    {
        SetStyle(ControlStyles.AllPaintingInWmPaint | ControlStyles.OptimizedDoubleBuffer | ControlStyles.UserPaint | ControlStyles.ResizeRedraw | ControlStyles.Selectable, true);
        BackColor = Color.FromArgb(DialogPreview.Background.R, DialogPreview.Background.G, DialogPreview.Background.B);
        Cursor = Cursors.Cross;
    }

    /// <summary>Raised after a click, drag or Shift+click changed the prompt.</summary>
    public event EventHandler? PromptChanged;

    public void Attach(ClickDialogController controller)
    {
        _controller = controller;
        _ = controller.SetViewport(ClientSize.Width, ClientSize.Height);
        _geometry = controller.View.Geometry.Version;
    }

    /// <summary>Copies a finished frame into the bitmap painted from (UI thread); the previous frame is handed back for reuse.</summary>
    public void ShowFrame(PreviewFrame? frame)
    {
        if (frame is null || ReferenceEquals(frame, _shown))
        {
            return;
        }

        if (_bitmap is null || _bitmap.Width != frame.Width || _bitmap.Height != frame.Height)
        {
            _bitmap?.Dispose();
            _bitmap = new Bitmap(frame.Width, frame.Height, PixelFormat.Format32bppPArgb);
        }

        BitmapData data = _bitmap.LockBits(new Rectangle(0, 0, frame.Width, frame.Height), ImageLockMode.WriteOnly, PixelFormat.Format32bppPArgb);
        try
        {
            int row = frame.Width * 4;
            for (int y = 0; y < frame.Height; y++)
            {
                Marshal.Copy(frame.Pixels, y * row, data.Scan0 + (y * data.Stride), row);
            }
        }
        finally
        {
            _bitmap.UnlockBits(data);
        }

        if (_shown is not null)
        {
            _controller?.Recycle(_shown);
        }

        _shown = frame;
        Invalidate();
    }

    protected override void OnResize(EventArgs e)
    {
        base.OnResize(e);
        if (_controller is not null && ClientSize.Width > 0 && ClientSize.Height > 0)
        {
            _ = _controller.SetViewport(ClientSize.Width, ClientSize.Height);
        }
    }

    protected override void OnMouseDown(MouseEventArgs e)
    {
        base.OnMouseDown(e);
        if (_controller is null || e.Button is not (MouseButtons.Left or MouseButtons.Right or MouseButtons.Middle))
        {
            return;
        }

        Focus();
        _controller.HoverEnded(); // a press is a click or a drag, not a rest
        Keys modifiers = ModifierKeys;
        MouseButton button = e.Button switch
        {
            MouseButtons.Right => MouseButton.Right,
            MouseButtons.Middle => MouseButton.Middle,
            _ => MouseButton.Left,
        };
        _controller.View.MouseDown(e.X, e.Y, button, alt: (modifiers & Keys.Alt) != 0, shift: (modifiers & Keys.Shift) != 0);
    }

    protected override void OnMouseMove(MouseEventArgs e)
    {
        base.OnMouseMove(e);
        if (_controller is not null)
        {
            if (e.Button == MouseButtons.None)
            {
                // At rest, the object under the pointer is outlined (with Shift: as another object).
                _controller.Hover(e.X, e.Y, newObject: (ModifierKeys & Keys.Shift) != 0);
            }

            _controller.View.MouseMove(e.X, e.Y);
            if (_controller.View.Geometry.Version != _geometry)
            {
                // A middle-button pan moved the view.
                _geometry = _controller.View.Geometry.Version;
                _ = _controller.ViewMoved();
                Invalidate();
            }
            else if (_controller.View.PendingBox is not null)
            {
                Invalidate();
            }
        }
    }

    protected override void OnMouseLeave(EventArgs e)
    {
        base.OnMouseLeave(e);
        _controller?.HoverEnded();
    }

    protected override void OnMouseUp(MouseEventArgs e)
    {
        base.OnMouseUp(e);
        if (_controller is not null && _controller.View.MouseUp(e.X, e.Y))
        {
            PromptChanged?.Invoke(this, EventArgs.Empty);
        }

        Invalidate();
    }

    /// <summary>The wheel zooms about the cursor, a notch at a time.</summary>
    protected override void OnMouseWheel(MouseEventArgs e)
    {
        base.OnMouseWheel(e);
        if (_controller is not null && e.Delta != 0)
        {
            _ = _controller.ZoomAt(Math.Pow(1.25, e.Delta / 120.0), e.X, e.Y);
            _geometry = _controller.View.Geometry.Version;
            Invalidate();
        }
    }

    protected override void OnPaint(PaintEventArgs e)
    {
        base.OnPaint(e);
        if (_bitmap is not null)
        {
            e.Graphics.DrawImageUnscaled(_bitmap, 0, 0);
        }

        if (_controller is not { } controller)
        {
            return;
        }

        ClickDialogModel view = controller.View;
        e.Graphics.SmoothingMode = SmoothingMode.AntiAlias;

        // Earlier objects: their hints smaller and fainter, so the object clicks add to stands out.
        foreach (SegmentationPrompt earlier in view.EarlierObjects)
        {
            if (earlier.Box is { } earlierBox)
            {
                using var faint = new Pen(Color.FromArgb(140, 0, 200, 255), 1f);
                e.Graphics.DrawRectangle(faint, ToView(view, earlierBox));
            }

            DrawPoints(e.Graphics, view, earlier.Points, MarkerRadius * 0.7f, 150);
        }

        if (view.Box is { } box)
        {
            using var pen = new Pen(Color.FromArgb(0, 200, 255), 2f);
            e.Graphics.DrawRectangle(pen, ToView(view, box));
        }

        if (view.PendingBox is { } pending)
        {
            using var dashed = new Pen(Color.White, 1.5f) { DashStyle = DashStyle.Dash };
            e.Graphics.DrawRectangle(dashed, ToView(view, pending));
        }

        DrawPoints(e.Graphics, view, view.Points, MarkerRadius, 255);
    }

    private static void DrawPoints(Graphics graphics, ClickDialogModel view, IEnumerable<PointPrompt> points, float radius, int alpha)
    {
        foreach (PointPrompt p in points)
        {
            // The marker sits on the centre of the clicked pixel.
            (double x, double y) = view.ImageToView(p.X + 0.5, p.Y + 0.5);
            var disc = new RectangleF((float)x - radius, (float)y - radius, 2 * radius, 2 * radius);
            using var fill = new SolidBrush(p.Positive ? Color.FromArgb(alpha, 40, 200, 80) : Color.FromArgb(alpha, 230, 60, 50));
            using var rim = new Pen(Color.FromArgb(alpha, Color.White), 1.5f);
            graphics.FillEllipse(fill, disc);
            graphics.DrawEllipse(rim, disc);
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _bitmap?.Dispose();
            _bitmap = null;
        }

        base.Dispose(disposing);
    }

    private static Rectangle ToView(ClickDialogModel view, BoxPrompt box)
    {
        (double x0, double y0) = view.ImageToView(box.X0, box.Y0);
        (double x1, double y1) = view.ImageToView(box.X1, box.Y1);
        return Rectangle.FromLTRB((int)Math.Round(x0), (int)Math.Round(y0), (int)Math.Round(x1), (int)Math.Round(y1));
    }
}
