using System.Drawing;
using System.Runtime.Versioning;
using System.Windows.Forms;
using HqSam.Core.Caching;
using HqSam.Core.Editing;
using HqSam.Plugin.HostServices;
using PaintDotNet.Effects;

namespace HqSam.Plugin.Forms;

/// <summary>
/// The click-to-select dialog (Windows). A view only: the layer and the mask come from
/// <see cref="ClickDialogController"/> (encode once with its own progress bar and Cancel, decode per
/// click, undo/redo), the clicks go to its <see cref="ClickDialogModel"/>, and OK commits the settings
/// and the finished mask through the token. Everything it shows is made and tested host-neutrally.
/// </summary>
[SupportedOSPlatform("windows")]
internal sealed class ClickSelectForm : EffectConfigForm<ClickSelectEffect, ClickSelectToken>
{
    // Sizes at 96 dpi. AutoScaleMode.Dpi scales controls, fonts and the client size, but not a table's
    // absolute column or the form's minimum size: those two are scaled here (seen under Wine at 150 %).
    private const int SideWidth = 270;
    private const int CaptionWidth = 220; // the side panel less its padding and a vertical scroll bar
    private static readonly Size MinimumClientSize = new(640, 420);
    private readonly PreviewCanvas _canvas = new() { Dock = DockStyle.Fill, Margin = Padding.Empty };
    private readonly Label _status = new() { Dock = DockStyle.Fill, AutoEllipsis = true, TextAlign = ContentAlignment.MiddleLeft };
    private readonly ProgressBar _progress = new() { Style = ProgressBarStyle.Marquee, MarqueeAnimationSpeed = 30, Width = 160, Visible = false, Anchor = AnchorStyles.Left | AnchorStyles.Right };
    private readonly Button _encodeButton = new() { AutoSize = true, Visible = false };
    // Made here, not in the constructor: Paint.NET may hand over a token before the constructor body runs.
    private readonly ClickOptionControls _options = new();
    private readonly CheckBox _copySelection = new() { Text = "Copy the result as a selection", AutoSize = true };
    private readonly Button _undo = SmallButton("Undo");
    private readonly Button _redo = SmallButton("Redo");
    private readonly Button _clear = SmallButton("Clear");
    private readonly Button _newObject = SmallButton("+ Object");
    private readonly Button _removeObject = SmallButton("Remove object");
    private readonly ColumnStyle _side = new(SizeType.Absolute, SideWidth);
    private readonly List<Label> _captions = [];
    private ClickDialogController? _controller;
    private EditorSettings? _committed;
    private bool _loading;
    private readonly ModelHost _models;

    /// <param name="models">Where the dialog's model comes from: the effect's.</param>
    internal ClickSelectForm(ModelHost models)
    {
        _models = models;
        _options.OfferModels(models.Choices());
        Text = "Smart Select by clicking (HQ-SAM)";
        // Laid out at 96 dpi; WinForms scales sizes, margins and the table's absolute styles to the monitor.
        AutoScaleDimensions = new SizeF(96f, 96f);
        AutoScaleMode = AutoScaleMode.Dpi;
        ClientSize = new Size(1000, 680);
        // Paint.NET's base constructor makes config dialogs fixed-size; this one is a picture editor.
        FormBorderStyle = FormBorderStyle.Sizable;
        MaximizeBox = true;
        StartPosition = FormStartPosition.CenterParent;
        KeyPreview = true;

        var ok = new Button { Text = "OK", DialogResult = DialogResult.OK, AutoSize = true };
        var cancel = new Button { Text = "Cancel", DialogResult = DialogResult.Cancel, AutoSize = true };
        AcceptButton = ok;
        CancelButton = cancel;

        var side = new FlowLayoutPanel { Dock = DockStyle.Fill, FlowDirection = FlowDirection.TopDown, WrapContents = false, AutoScroll = true, Padding = new Padding(8) };
        side.Controls.AddRange(
        [
            Caption("Left click: object · Right click or Alt+click: exclude · Drag: box · Shift+click: another object · Shift+click a point: remove it · Wheel: zoom · Middle drag: pan · Ctrl+0: whole layer"),
            Row(_undo, _redo, _clear),
            Row(_newObject, _removeObject),
            .. _options.Layout(Caption),
        ]);

        // What OK hands over (the selection too, or not) and OK and Cancel stay in view below the
        // options, which scroll when the window is small.
        var sideColumn = new TableLayoutPanel { Dock = DockStyle.Fill, ColumnCount = 1, RowCount = 2, Margin = Padding.Empty };
        sideColumn.RowStyles.Add(new RowStyle(SizeType.Percent, 100));
        sideColumn.RowStyles.Add(new RowStyle(SizeType.AutoSize));
        sideColumn.Controls.Add(side, 0, 0);
        var footer = new FlowLayoutPanel { AutoSize = true, FlowDirection = FlowDirection.TopDown, WrapContents = false, Margin = new Padding(8, 4, 8, 4) };
        footer.Controls.AddRange([_copySelection, Caption("After OK, Ctrl+Alt+Shift+V loads it."), Row(ok, cancel)]);
        sideColumn.Controls.Add(footer, 0, 1);

        var statusBar = new TableLayoutPanel { Dock = DockStyle.Fill, ColumnCount = 3, RowCount = 1, Margin = Padding.Empty };
        statusBar.ColumnStyles.Add(new ColumnStyle(SizeType.Percent, 100));
        statusBar.ColumnStyles.Add(new ColumnStyle(SizeType.AutoSize));
        statusBar.ColumnStyles.Add(new ColumnStyle(SizeType.AutoSize));
        statusBar.Controls.Add(_status, 0, 0);
        statusBar.Controls.Add(_progress, 1, 0);
        statusBar.Controls.Add(_encodeButton, 2, 0);

        var layout = new TableLayoutPanel { Dock = DockStyle.Fill, ColumnCount = 2, RowCount = 2 };
        layout.ColumnStyles.Add(new ColumnStyle(SizeType.Percent, 100));
        layout.ColumnStyles.Add(_side);
        layout.RowStyles.Add(new RowStyle(SizeType.Percent, 100));
        layout.RowStyles.Add(new RowStyle(SizeType.Absolute, 36));
        layout.Controls.Add(_canvas, 0, 0);
        layout.Controls.Add(sideColumn, 1, 0);
        layout.Controls.Add(statusBar, 0, 1);
        layout.SetColumnSpan(statusBar, 2);
        Controls.Add(layout);

        _canvas.PromptChanged += (_, _) => _ = _controller?.PromptChanged();
        _undo.Click += (_, _) => Edit(view => view.Undo());
        _redo.Click += (_, _) => Edit(view => view.Redo());
        _clear.Click += (_, _) => Edit(view => view.Clear());
        _newObject.Click += (_, _) => Edit(view => view.NewObject());
        _removeObject.Click += (_, _) => Edit(view => view.RemoveObject());
        _encodeButton.Click += (_, _) => ToggleEncoding();
        _options.Changed += (_, _) => OptionsChanged();
        _copySelection.CheckedChanged += (_, _) =>
        {
            if (!_loading)
            {
                UpdateTokenFromDialog();
            }
        };
    }

    protected override EffectConfigToken OnCreateInitialToken() => new ClickSelectToken();

    protected override void OnHandleCreated(EventArgs e)
    {
        base.OnHandleCreated(e);
        ScaleToDpi(DeviceDpi);
    }

    protected override void OnDpiChanged(DpiChangedEventArgs e)
    {
        base.OnDpiChanged(e);
        ScaleToDpi(e.DeviceDpiNew);
    }

    /// <summary>Options carry over from the last use; points and boxes do not (they belonged to another picture).</summary>
    protected override void OnUpdateDialogFromToken(ClickSelectToken token)
    {
        _loading = true;
        try
        {
            _options.Show(token.Settings);
            _copySelection.Checked = token.CopySelection;
        }
        finally
        {
            _loading = false;
        }
    }

    protected override void OnUpdateTokenFromDialog(ClickSelectToken token)
    {
        token.CopySelection = _copySelection.Checked;
        if (_controller is null)
        {
            token.Settings = ReadOptions();
            token.Finished = null;
            return;
        }

        // The mask travels only with the very settings it was made from; otherwise the effect makes it.
        EditorSettings settings = _controller.Settings;
        FinishedMask? result = _controller.Result;
        token.Settings = settings;
        token.Finished = result is not null && ReferenceEquals(result.Settings, settings) ? result : null;
        _committed = settings;
    }

    protected override void OnShown(EventArgs e)
    {
        base.OnShown(e);
        HqSam.Core.Imaging.BgraImage layer;
        try
        {
            layer = HostLayer.Copy(Environment);
        }
        catch (OutOfMemoryException)
        {
            _status.Text = "Not enough memory to show this layer; Smart Select (HQ-SAM) works on it without the click dialog.";
            return;
        }

        // The model loads on the encoding worker: a large one takes seconds, and the window stays responsive.
        _models.UseHostServices(Services);
        EditorSettings options = ReadOptions();
        _controller = new ClickDialogController(layer, () => _models.Get(options.Model), options, HostLayer.SelectionBox(Environment), EmbeddingCache.ForUser, new FasterModelHint(ModelHost.UserCacheDirectory()));
        _controller.Changed += (_, _) =>
        {
            try
            {
                if (IsHandleCreated && !IsDisposed)
                {
                    BeginInvoke(Sync);
                }
            }
            catch (Exception e) when (e is InvalidOperationException or ObjectDisposedException)
            {
                // The window closed between the check and the call: nothing left to show.
            }
        };
        _canvas.Attach(_controller);
        _ = _controller.StartEncoding();
        Sync();
    }

    protected override bool ProcessCmdKey(ref Message msg, Keys keyData)
    {
        switch (keyData)
        {
            case Keys.Control | Keys.Z:
                Edit(view => view.Undo());
                return true;
            case Keys.Control | Keys.Y:
            case Keys.Control | Keys.Shift | Keys.Z:
                Edit(view => view.Redo());
                return true;
            case Keys.Control | Keys.D0:
            case Keys.Control | Keys.NumPad0:
                _ = _controller?.FitToWindow();
                _canvas.Invalidate();
                return true;
            default:
                return base.ProcessCmdKey(ref msg, keyData);
        }
    }

    protected override void OnFormClosing(FormClosingEventArgs e)
    {
        _controller?.CancelEncoding();
        if (DialogResult == DialogResult.OK)
        {
            // OK commits what the dialog shows now, even if the last decode has not come back yet
            // (the effect then makes that mask itself).
            UpdateTokenFromDialog();
        }

        base.OnFormClosing(e);
    }

    // Dispose(bool) is sealed in Paint.NET's EffectConfigForm; it calls this.
    protected override void OnDispose(bool disposing)
    {
        if (disposing)
        {
            _controller?.Dispose();
            _controller = null;
        }

        base.OnDispose(disposing);
    }

    private Label Caption(string text)
    {
        var caption = new Label { Text = text, AutoSize = true, MaximumSize = new Size(CaptionWidth, 0), Margin = new Padding(0, 8, 0, 2) };
        _captions.Add(caption);
        return caption;
    }

    /// <summary>A button as wide as its text (at least 60 px): three share the side panel's row with room for its scroll bar.</summary>
    private static Button SmallButton(string text) => new() { Text = text, AutoSize = true, AutoSizeMode = AutoSizeMode.GrowAndShrink, MinimumSize = new Size(60, 0) };

    private void ScaleToDpi(int dpi)
    {
        _side.Width = SideWidth * dpi / 96f;
        Size client = new(MinimumClientSize.Width * dpi / 96, MinimumClientSize.Height * dpi / 96);
        MinimumSize = SizeFromClientSize(client);
        foreach (Label caption in _captions)
        {
            caption.MaximumSize = new Size(CaptionWidth * dpi / 96, 0);
        }
    }

    private static FlowLayoutPanel Row(params Control[] controls)
    {
        var row = new FlowLayoutPanel { AutoSize = true, FlowDirection = FlowDirection.LeftToRight, WrapContents = false, Margin = new Padding(0, 6, 0, 0) };
        row.Controls.AddRange(controls);
        return row;
    }

    private EditorSettings ReadOptions() => _options.Read();

    private void Edit(Func<ClickDialogModel, bool> change)
    {
        if (_controller is { } controller && change(controller.View))
        {
            _ = controller.PromptChanged();
            _canvas.Invalidate();
        }
    }

    private void OptionsChanged()
    {
        if (!_loading && _controller is { } controller)
        {
            EditorSettings options = ReadOptions();
            string? chosen = options.Model;
            if (!string.Equals(chosen, controller.Settings.Model, StringComparison.Ordinal))
            {
                // Another model: the layer is prepared again with it; the points stay.
                _ = controller.ChangeModel(() => _models.Get(chosen), options);
                return;
            }

            _ = controller.SetOptions(options);
        }
    }

    private void ToggleEncoding()
    {
        if (_controller is not { } controller)
        {
            return;
        }

        if (controller.Phase == DialogPhase.Encoding || controller.EncodingZoom)
        {
            controller.CancelEncoding();
        }
        else
        {
            _ = controller.StartEncoding();
        }
    }

    /// <summary>Shows the controller's state (UI thread); hands newly finished settings and mask to Paint.NET's preview.</summary>
    private void Sync()
    {
        if (_controller is not { } controller || IsDisposed)
        {
            return;
        }

        DialogPhase phase = controller.Phase;
        _status.Text = controller.Status;
        bool busy = phase == DialogPhase.Encoding || controller.EncodingZoom;
        _progress.Visible = busy;
        _encodeButton.Visible = busy || phase is DialogPhase.Cancelled or DialogPhase.Failed;
        _encodeButton.Text = busy ? "Cancel" : "Start again";
        _undo.Enabled = controller.View.CanUndo;
        _redo.Enabled = controller.View.CanRedo;
        _newObject.Enabled = controller.View.Prompt is not null;
        _removeObject.Enabled = controller.View.ObjectCount > 0;
        _canvas.ShowFrame(controller.Frame);
        // Hand over once the mask for the current settings is there (or there is nothing to select), so
        // Paint.NET's preview copies it instead of decoding the same hints again.
        if (controller.IsSettled && !ReferenceEquals(controller.Settings, _committed))
        {
            UpdateTokenFromDialog();
        }
    }
}
