using HqSam.Core.Editing;
using HqSam.Core.Prompts;
using HqSam.Plugin.HostServices;
using PaintDotNet.Effects;
using PaintDotNet.Imaging;
using PaintDotNet.IndirectUI;
using PaintDotNet.PropertySystem;
using PaintDotNet.Rendering;

namespace HqSam.Plugin;

/// <summary>
/// "Smart Select (HQ-SAM)": the property-based dialog (point pickers over the layer, options), a thin
/// adapter between Paint.NET and <see cref="EffectRenderer"/>. It copies the layer and the selection
/// bounds once per render pass and the token's values into an immutable <see cref="EditorSettings"/>
/// (render threads never touch the token).
/// </summary>
public sealed class SmartSelectEffect : PropertyBasedBitmapEffect
{
    private readonly HostCalls _hostCalls = HostCalls.ForCurrentThread(); // Paint.NET creates effects on its UI thread
    private readonly ModelHost _models = ModelHost.Shared;
    private readonly EffectRenderer _renderer;
    private PixelRect _pickerBounds;
    private BoxPrompt? _selectionBox;
    private IReadOnlyList<(string? Directory, string Label)>? _modelChoices; // what the dialog's Model list offered

    private const string Title = "Smart Select (HQ-SAM)";
    private const string Submenu = "Object";

    /// <summary>As Paint.NET creates the effect: with its menu icon, Paint.NET's error dialog and clipboard.</summary>
    public SmartSelectEffect()
        : base(Title, EffectIcon.Load("SmartSelect"), Submenu, BitmapEffectOptions.Create() with { IsConfigurable = true })
    {
        _renderer = new EffectRenderer(null, null, () => Services, _hostCalls, _models);
    }

    /// <summary>For tests on any OS: no icon, the given error presenter, clipboard and model.</summary>
    /// <param name="models">Where the model comes from; null for the installed one (<see cref="ModelHost.Shared"/>).</param>
    internal SmartSelectEffect(IErrorPresenter? errors, ISelectionClipboard? clipboard = null, ModelHost? models = null)
        : base(Title, Submenu, BitmapEffectOptions.Create() with { IsConfigurable = true })
    {
        _models = models ?? ModelHost.Shared;
        _renderer = new EffectRenderer(errors, clipboard, () => Services, _hostCalls, _models);
    }

    /// <summary>The state the last tiles were rendered from (for tests and diagnostics).</summary>
    internal RenderState? LastState => _renderer.LastState;

    /// <summary>The host's next UI moment for messages that could not be posted (see <see cref="HostCalls"/>).</summary>
    internal void FlushHostCalls() => _hostCalls.Flush();

    protected override PropertyCollection OnCreatePropertyCollection()
    {
        _hostCalls.Flush(); // the dialog is opening: a UI moment
        _modelChoices = _models.Choices();
        return DialogProperties.Create(HostLayer.SelectionBox(Environment) is not null, _modelChoices);
    }

    protected override ControlInfo OnCreateConfigUI(PropertyCollection props)
    {
        _hostCalls.Flush();
        ControlInfo ui = CreateDefaultConfigUI(props);
        PixelRect bounds = HostLayer.Hints(Environment).PickerBounds;

        // The point pickers show the layer under them, over the same bounds their values span.
        var underlay = Environment.GetSourceBitmapBgra32().CreateClipper(new RectInt32(bounds.X, bounds.Y, bounds.Width, bounds.Height), PaintDotNet.Imaging.BitmapExtendMode.Clamp);
        DialogProperties.Describe(ui, underlay);
        return ui;
    }

    protected override void OnInitializeRenderInfo(IBitmapEffectRenderInfo renderInfo)
    {
        (_selectionBox, _pickerBounds) = HostLayer.Hints(Environment);
        _renderer.SetLayer(HostLayer.Copy(Environment));
        base.OnInitializeRenderInfo(renderInfo);
    }

    protected override void OnSetToken(PropertyBasedEffectConfigToken? newToken)
    {
        if (newToken is not null)
        {
            _renderer.SetSettings(DialogProperties.Read(newToken, _pickerBounds, _selectionBox, _modelChoices), DialogProperties.ReadCopySelection(newToken));
        }

        base.OnSetToken(newToken);
    }

    protected override void OnRender(IBitmapEffectOutput output) => _renderer.Render(output, () => IsCancelRequested, CancellationToken);
}
