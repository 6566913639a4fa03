using System.Runtime.Versioning;
using System.Windows.Forms;
using HqSam.Core.Editing;

namespace HqSam.Plugin.Forms;

/// <summary>
/// The click dialog's selection options, one control per option of <see cref="EditorSettings"/> apart
/// from the hints: laid out in the side panel by the form, read into settings on every change, and set
/// from the settings a token carries over. Ranges and labels come from <see cref="SelectionOptionRanges"/>,
/// as the property dialog's and the CLI's do.
/// </summary>
[SupportedOSPlatform("windows")]
internal sealed class ClickOptionControls
{
    private readonly ComboBox _model = new() { DropDownStyle = ComboBoxStyle.DropDownList, Width = 200 };
    private readonly List<string?> _modelFolders = [];
    private readonly ComboBox _output = Choices("Cut-out (alpha)", "Mask (grayscale)", "Preview tint");
    private readonly ComboBox _mask = Choices("High quality (HQ)", "Best scoring", "HQ + best", "SAM mask 0", "SAM mask 1", "SAM mask 2");
    private readonly NumericUpDown _edge = Whole(SelectionOptionRanges.EdgeStrengthPercent, increment: 10);
    private readonly ComboBox _zoom = Choices("When encoding is fast (GPU)", "Always (one encode per object)", "Never");
    private readonly NumericUpDown _grow = Whole(SelectionOptionRanges.Grow, increment: 1);
    private readonly NumericUpDown _feather = Whole(SelectionOptionRanges.Feather, increment: 1);
    private readonly NumericUpDown _softEdge = Whole(SelectionOptionRanges.SoftEdge, increment: 1);
    private readonly NumericUpDown _removeSpecks = Whole(SelectionOptionRanges.RemoveSpecks, increment: 100);
    private readonly NumericUpDown _fillHoles = Whole(SelectionOptionRanges.FillHoles, increment: 100);
    private readonly CheckBox _invert = new() { Text = "Invert", AutoSize = true };
    private readonly CheckBox _refine = new() { Text = "Refine from the previous mask", AutoSize = true };

    public ClickOptionControls()
    {
        _edge.Value = 100;
        foreach (ComboBox box in new[] { _model, _output, _mask, _zoom })
        {
            box.SelectedIndexChanged += (_, _) => Changed?.Invoke(this, EventArgs.Empty);
        }

        foreach (NumericUpDown number in new[] { _edge, _grow, _feather, _softEdge, _removeSpecks, _fillHoles })
        {
            number.ValueChanged += (_, _) => Changed?.Invoke(this, EventArgs.Empty);
        }

        foreach (CheckBox box in new[] { _invert, _refine })
        {
            box.CheckedChanged += (_, _) => Changed?.Invoke(this, EventArgs.Empty);
        }
    }

    /// <summary>Fills the Model list: each folder (null for the default model) and its label; the first is chosen.</summary>
    public void OfferModels(IReadOnlyList<(string? Directory, string Label)> models)
    {
        foreach ((string? folder, string label) in models)
        {
            _modelFolders.Add(folder);
            _model.Items.Add(label);
        }

        _model.SelectedIndex = 0;
    }

    /// <summary>Any option changed, by the user or by <see cref="Show"/>.</summary>
    public event EventHandler? Changed;

    /// <summary>The controls in the side panel's order, each after the caption <paramref name="caption"/> makes for it.</summary>
    public Control[] Layout(Func<string, Label> caption) =>
    [
        caption("Model"), _model,
        caption("Output"), _output,
        caption("Mask"), _mask,
        _refine,
        caption(SelectionOptionRanges.EdgeStrengthPercent.Label), _edge,
        caption("Look closer at small objects"), _zoom,
        caption(SelectionOptionRanges.Grow.Label), _grow,
        caption(SelectionOptionRanges.SoftEdge.Label), _softEdge,
        caption(SelectionOptionRanges.Feather.Label), _feather,
        _invert,
        caption(SelectionOptionRanges.RemoveSpecks.Label), _removeSpecks,
        caption(SelectionOptionRanges.FillHoles.Label), _fillHoles,
    ];

    /// <summary>The options as the controls show them (no hints).</summary>
    public EditorSettings Read() => new()
    {
        Model = _modelFolders.Count > 0 ? _modelFolders[Math.Max(0, _model.SelectedIndex)] : null,
        Output = (OutputMode)Math.Max(0, _output.SelectedIndex),
        Mask = ((MaskOption)Math.Max(0, _mask.SelectedIndex)).ToChoice(),
        EdgeStrength = (float)_edge.Value / 100f,
        Zoom = ((ZoomOption)Math.Max(0, _zoom.SelectedIndex)).ToZoomMode(),
        Grow = (int)_grow.Value,
        Feather = (int)_feather.Value,
        SoftEdge = (int)_softEdge.Value,
        RemoveSpecks = (int)_removeSpecks.Value,
        FillHoles = (int)_fillHoles.Value,
        Invert = _invert.Checked,
        RefineFromPrevious = _refine.Checked,
    };

    /// <summary>Sets the controls from <paramref name="s"/>'s options; values a control cannot show are held at its limit.</summary>
    public void Show(EditorSettings s)
    {
        _model.SelectedIndex = Math.Max(0, _modelFolders.IndexOf(s.Model)); // a model since removed: the default
        _output.SelectedIndex = (int)s.Output;
        _mask.SelectedIndex = (int)s.Mask.ToOption();
        _edge.Value = Math.Clamp((decimal)Math.Round(s.EdgeStrength * 100), _edge.Minimum, _edge.Maximum);
        _zoom.SelectedIndex = (int)s.Zoom.ToOption();
        _grow.Value = Math.Clamp(s.Grow, (int)_grow.Minimum, (int)_grow.Maximum);
        _feather.Value = Math.Clamp(s.Feather, (int)_feather.Minimum, (int)_feather.Maximum);
        _softEdge.Value = Math.Clamp(s.SoftEdge, (int)_softEdge.Minimum, (int)_softEdge.Maximum);
        _removeSpecks.Value = Math.Clamp(s.RemoveSpecks, (int)_removeSpecks.Minimum, (int)_removeSpecks.Maximum);
        _fillHoles.Value = Math.Clamp(s.FillHoles, (int)_fillHoles.Minimum, (int)_fillHoles.Maximum);
        _invert.Checked = s.Invert;
        _refine.Checked = s.RefineFromPrevious;
    }

    private static ComboBox Choices(params string[] items)
    {
        var box = new ComboBox { DropDownStyle = ComboBoxStyle.DropDownList, Width = 200 };
        box.Items.AddRange(items);
        box.SelectedIndex = 0;
        return box;
    }

    private static NumericUpDown Whole(OptionRange range, int increment) =>
        new() { Minimum = range.Minimum, Maximum = range.Maximum, Value = range.Default, Increment = increment, Width = 100, ThousandsSeparator = range.Maximum >= 10_000 };
}
