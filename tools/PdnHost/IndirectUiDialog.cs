using System.Drawing;
using System.Globalization;
using System.Runtime.Versioning;
using System.Windows.Forms;
using PaintDotNet;
using PaintDotNet.Facade;
using PaintDotNet.Imaging;
using PaintDotNet.IndirectUI;
using PaintDotNet.PropertySystem;
using PaintDotNet.Rendering;

namespace HqSam.PdnHost;

/// <summary>
/// A stand-in for the dialog Paint.NET generates for a property-based effect (IndirectUI), built from
/// the effect's properties and its control info: a check box per Boolean, a number box per Int32, a
/// drop-down per choice, and for a pan control the layer under it (its <c>StaticImageUnderlay</c>),
/// where a click sets the point in [-1, 1] over those bounds. Names come from the control info's
/// DisplayName/Description; each control is named after its property, so a script finds it.
/// It edits the collection it was given only on OK. Not Paint.NET's look, only its contract.
/// </summary>
[SupportedOSPlatform("windows")]
internal sealed class IndirectUiDialog : Form
{
    private readonly List<Action> _commit = [];

    public IndirectUiDialog(string title, PropertyCollection properties, ControlInfo ui, Bitmap layer)
    {
        Text = title;
        AutoScaleDimensions = new SizeF(96f, 96f);
        AutoScaleMode = AutoScaleMode.Dpi;
        FormBorderStyle = FormBorderStyle.FixedDialog;
        StartPosition = FormStartPosition.CenterScreen;
        ClientSize = new Size(1000, 720);
        var info = (DefaultControlInfo)ui;
        // Columns, top to bottom then left to right, so every control is in view without scrolling.
        var panel = new FlowLayoutPanel { Dock = DockStyle.Fill, FlowDirection = FlowDirection.TopDown, WrapContents = true, AutoScroll = true, Padding = new Padding(8) };
        foreach (Property p in properties)
        {
            string? display = Value(info, p, ControlInfoPropertyNames.DisplayName);
            string? description = Value(info, p, ControlInfoPropertyNames.Description);
            // A property's caption and control stay together when the columns wrap.
            var group = new FlowLayoutPanel { FlowDirection = FlowDirection.TopDown, AutoSize = true, WrapContents = false, Margin = new Padding(0, 0, 12, 4) };
            if (!string.IsNullOrEmpty(display) && p is not BooleanProperty)
            {
                group.Controls.Add(new Label { Text = display, AutoSize = true, Margin = new Padding(0, 6, 0, 2) });
            }

            group.Controls.Add(ControlFor(p, display, description, info, layer));
            panel.Controls.Add(group);
        }

        var ok = new Button { Text = "OK", Name = "OK", DialogResult = DialogResult.OK, AutoSize = true };
        var cancel = new Button { Text = "Cancel", Name = "Cancel", DialogResult = DialogResult.Cancel, AutoSize = true };
        var buttons = new FlowLayoutPanel { Dock = DockStyle.Bottom, AutoSize = true, FlowDirection = FlowDirection.RightToLeft, Padding = new Padding(8) };
        buttons.Controls.AddRange([cancel, ok]);
        AcceptButton = ok;
        CancelButton = cancel;
        Controls.Add(panel);
        Controls.Add(buttons);
    }

    /// <summary>Writes every control's value into its property (on OK only).</summary>
    public void Commit()
    {
        foreach (Action commit in _commit)
        {
            commit();
        }
    }

    private static string? Value(DefaultControlInfo info, Property p, ControlInfoPropertyNames name) =>
        info.Values.TryGetValue((p.Name, name), out object? v) ? v as string : null;

    private Control ControlFor(Property p, string? display, string? description, DefaultControlInfo info, Bitmap layer)
    {
        switch (p)
        {
            case BooleanProperty b:
                var check = new CheckBox { Name = p.Name, Text = description ?? display ?? p.Name, AutoSize = true, Checked = b.Value };
                _commit.Add(() => b.Value = check.Checked);
                return check;
            case Int32Property i:
                var number = new NumericUpDown { Name = p.Name, Minimum = i.HostMinValue, Maximum = i.HostMaxValue, Value = i.Value, Width = 100 };
                _commit.Add(() => i.Value = (int)number.Value);
                return number;
            case StaticListChoiceProperty c:
                var list = new ComboBox { Name = p.Name, DropDownStyle = ComboBoxStyle.DropDownList, Width = 300, Enabled = !c.HostReadOnly };
                list.Items.AddRange([.. c.HostChoices]);
                list.SelectedItem = c.Value;
                _commit.Add(() => c.Value = list.SelectedItem!);
                return list;
            case DoubleVectorProperty v:
                return PanControl(v, info.Values.TryGetValue((p.Name, ControlInfoPropertyNames.StaticImageUnderlay), out object? u) ? u as Clipper<ColorBgra32> : null, layer);
            default:
                return new Label { Name = p.Name, Text = $"({p.GetType().Name} is not shown by this stand-in)", AutoSize = true };
        }
    }

    /// <summary>The pan control: the underlay's region of the layer; a click sets the value, a cross marks it.</summary>
    private Control PanControl(DoubleVectorProperty v, Clipper<ColorBgra32>? underlay, Bitmap layer)
    {
        Rectangle region = underlay is { } u ? new Rectangle(u.Rect.X, u.Rect.Y, u.Rect.Width, u.Rect.Height) : new Rectangle(0, 0, layer.Width, layer.Height);
        int w = 240, h = Math.Max(1, (int)Math.Round(240.0 * region.Height / region.Width));
        var thumbnail = new Bitmap(w, h);
        using (Graphics g = Graphics.FromImage(thumbnail))
        {
            g.DrawImage(layer, new Rectangle(0, 0, w, h), region, GraphicsUnit.Pixel);
        }

        // The picture spans the property's range, as Paint.NET's pan control does.
        Vector2Double value = v.Value, min = v.HostMinValues, max = v.HostMaxValues;
        var box = new PictureBox { Name = v.Name, Image = thumbnail, SizeMode = PictureBoxSizeMode.StretchImage, Width = w, Height = h, Cursor = Cursors.Cross };
        var readout = new Label { Name = v.Name + ".Value", AutoSize = true };
        void Show() => readout.Text = string.Create(CultureInfo.InvariantCulture, $"{value.X:0.000}, {value.Y:0.000}");
        box.MouseDown += (_, e) =>
        {
            value = new Vector2Double(
                Math.Clamp(min.X + ((max.X - min.X) * e.X / box.Width), min.X, max.X),
                Math.Clamp(min.Y + ((max.Y - min.Y) * e.Y / box.Height), min.Y, max.Y));
            Show();
            box.Invalidate();
        };
        box.Paint += (_, e) =>
        {
            float x = (float)((value.X - min.X) / (max.X - min.X) * box.Width), y = (float)((value.Y - min.Y) / (max.Y - min.Y) * box.Height);
            e.Graphics.DrawLine(Pens.Yellow, x - 6, y, x + 6, y);
            e.Graphics.DrawLine(Pens.Yellow, x, y - 6, x, y + 6);
        };
        Show();
        _commit.Add(() => v.Value = value);
        var panel = new FlowLayoutPanel { FlowDirection = FlowDirection.TopDown, AutoSize = true, WrapContents = false, Margin = Padding.Empty };
        panel.Controls.AddRange([box, readout]);
        return panel;
    }
}
