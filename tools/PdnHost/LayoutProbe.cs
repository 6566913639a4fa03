using System.Drawing;
using System.Runtime.Versioning;
using System.Text.Json;
using System.Windows.Forms;

namespace HqSam.PdnHost;

/// <summary>
/// Writes the open dialog's layout to <c>layout.json</c> whenever it changes (checked five times a
/// second): every control's type, name, text and screen rectangle, and whether an ancestor cuts it off.
/// A script clicks by these rectangles and reads the status line from them; a test asserts nothing is
/// cut off. Written whole, through a renamed temporary file, so a reader never sees half of it.
/// </summary>
[SupportedOSPlatform("windows")]
internal sealed class LayoutProbe : IDisposable
{
    private readonly Form _form;
    private readonly string _path;
    private readonly System.Windows.Forms.Timer _timer = new() { Interval = 200 };
    private string? _last;

    public LayoutProbe(Form form, string folder)
    {
        _form = form;
        _path = Path.Combine(folder, "layout.json");
        _timer.Tick += (_, _) => Write();
        _timer.Start();
        Write();
    }

    public void Write()
    {
        if (_form.IsDisposed || !_form.IsHandleCreated)
        {
            return;
        }

        var controls = new List<object>();
        Collect(_form, controls);
        Rectangle client = _form.RectangleToScreen(_form.ClientRectangle);
        string json = JsonSerializer.Serialize(new
        {
            title = _form.Text,
            dpi = _form.DeviceDpi,
            form = Box(_form.Bounds),
            client = Box(client),
            minimum = new { w = _form.MinimumSize.Width, h = _form.MinimumSize.Height },
            controls,
        });
        if (json == _last)
        {
            return;
        }

        string partial = _path + ".partial";
        File.WriteAllText(partial, json);
        File.Move(partial, _path, overwrite: true);
        _last = json;
    }

    public void Dispose() => _timer.Dispose();

    private static object Box(Rectangle r) => new { x = r.X, y = r.Y, w = r.Width, h = r.Height };

    private static void Collect(Control parent, List<object> into)
    {
        foreach (Control c in parent.Controls)
        {
            if (!c.Visible)
            {
                continue;
            }

            Rectangle screen = parent.RectangleToScreen(c.Bounds);
            (bool clippedX, bool clippedY, bool scrollsY) = Clipping(c, screen);
            into.Add(new
            {
                type = c.GetType().Name,
                name = c.Name,
                text = c.Text,
                enabled = c.Enabled,
                bounds = Box(screen),
                clippedX,
                clippedY,
                scrollsY,
            });
            Collect(c, into);
        }
    }

    /// <summary>Whether any ancestor's visible client area cuts the control off, across and down; and whether one can scroll down to it.</summary>
    private static (bool X, bool Y, bool ScrollsY) Clipping(Control c, Rectangle screen)
    {
        bool x = false, y = false, scrolls = false;
        for (Control? a = c.Parent; a is not null; a = a.Parent)
        {
            Rectangle visible = a.RectangleToScreen(a.ClientRectangle);
            x |= screen.Left < visible.Left || screen.Right > visible.Right;
            y |= screen.Top < visible.Top || screen.Bottom > visible.Bottom;
            scrolls |= a is ScrollableControl { AutoScroll: true, VerticalScroll.Visible: true };
        }

        return (x, y, scrolls);
    }
}
