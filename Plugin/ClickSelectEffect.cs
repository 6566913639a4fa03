using HqSam.Core.Editing;
using HqSam.Plugin.HostServices;
using PaintDotNet.Effects;

namespace HqSam.Plugin;

/// <summary>
/// "Smart Select by clicking (HQ-SAM)": the same selection as <see cref="SmartSelectEffect"/>, driven by
/// a custom dialog (<see cref="Forms.ClickSelectForm"/>) where the user clicks on the layer itself.
/// The dialog encodes and decodes; this effect renders the mask the token carries, or, when the token
/// has none for this layer (Repeat, another layer), makes it from the token's settings.
/// </summary>
public sealed class ClickSelectEffect : BitmapEffect<ClickSelectToken>
{
    private readonly HostCalls _hostCalls = HostCalls.ForCurrentThread(); // Paint.NET creates effects on its UI thread
    private readonly ModelHost _models = ModelHost.Shared;
    private readonly EffectRenderer _renderer;

    private const string Title = "Smart Select by clicking (HQ-SAM)";
    private const string Submenu = "Object";

    /// <summary>As Paint.NET creates the effect: with its menu icon, Paint.NET's error dialog and clipboard.</summary>
    public ClickSelectEffect()
        : base(Title, EffectIcon.Load("ClickSelect"), Submenu, BitmapEffectOptions.Create() with { IsConfigurable = true })
    {
        _renderer = new EffectRenderer(null, null, () => Services, _hostCalls, _models);
    }

    /// <summary>For tests on any OS: no icon, the given error presenter, clipboard and model.</summary>
    /// <param name="models">Where the model comes from; null for the installed one (<see cref="ModelHost.Shared"/>).</param>
    internal ClickSelectEffect(IErrorPresenter? errors, ISelectionClipboard? clipboard = null, ModelHost? models = null)
        : base(Title, Submenu, BitmapEffectOptions.Create() with { IsConfigurable = true })
    {
        _models = models ?? ModelHost.Shared;
        _renderer = new EffectRenderer(errors, clipboard, () => Services, _hostCalls, _models);
    }

    /// <summary>The state the last tiles were rendered from (for tests and diagnostics).</summary>
    internal RenderState? LastState => _renderer.LastState;

    /// <summary>The host's next UI moment for messages that could not be posted (see <see cref="HostCalls"/>).</summary>
    internal void FlushHostCalls() => _hostCalls.Flush();

    protected override IEffectConfigForm OnCreateConfigForm()
    {
        _hostCalls.Flush(); // the dialog is opening: a UI moment
        return OperatingSystem.IsWindows() ? new Forms.ClickSelectForm(_models) : throw new PlatformNotSupportedException("the click dialog is a Windows dialog");
    }

    protected override void OnInitializeRenderInfo(IBitmapEffectRenderInfo renderInfo)
    {
        _renderer.SetLayer(HostLayer.Copy(Environment));
        base.OnInitializeRenderInfo(renderInfo);
    }

    protected override void OnSetToken(ClickSelectToken? newToken)
    {
        if (newToken is not null)
        {
            _renderer.SetSettings(newToken.Settings, newToken.CopySelection, newToken.Finished);
        }

        base.OnSetToken(newToken);
    }

    protected override void OnRender(IBitmapEffectOutput output) => _renderer.Render(output, () => IsCancelRequested, CancellationToken);
}
