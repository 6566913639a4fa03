using System.Runtime.InteropServices;
using HqSam.Core;
using HqSam.Core.Caching;
using HqSam.Core.Editing;
using HqSam.Core.Imaging;
using HqSam.Core.Selection;
using HqSam.Plugin.HostServices;
using PaintDotNet.Effects;
using PaintDotNet.Imaging;
using PaintDotNet.Rendering;

namespace HqSam.Plugin;

/// <summary>
/// The render side both effects share. Per token it makes one immutable <see cref="RenderState"/> on
/// whichever tile comes first (the others wait, then only read), or takes the one the click dialog
/// already made; tiles copy from it. Nothing thrown reaches the host: failures are shown once and the
/// layer is written back unchanged.
/// </summary>
/// <param name="errors">Where failures are shown; null for Paint.NET's error dialog (from <paramref name="services"/>).</param>
/// <param name="clipboard">Where "copy as selection" goes; null for the host's clipboard service (else the system clipboard).</param>
/// <param name="host">Runs the error dialog and the clipboard on the UI side, never from a render thread under the lock.</param>
internal sealed class EffectRenderer(IErrorPresenter? errors, ISelectionClipboard? clipboard, Func<IServiceProvider> services, HostCalls host, ModelHost models)
{
    private readonly object _gate = new();
    private readonly HashSet<string> _shown = []; // its own lock, not _gate: the UI side must never wait for a render
    private ISelectionClipboard? _clipboard = clipboard;
    private IErrorPresenter? _errors = errors;
    private EditorSession? _session;
    private string? _sessionModel; // the folder of the model _session runs (null: the default model)
    private BgraImage? _layer;
    private UInt128? _layerHash;
    private EditorSettings? _settings;
    private FinishedMask? _finished;
    private bool _copySelection;
    private RenderState? _state;

    /// <summary>The state the last tiles were rendered from (for tests and diagnostics).</summary>
    public RenderState? LastState => _state;

    public void SetLayer(BgraImage layer)
    {
        lock (_gate)
        {
            (_layer, _layerHash, _state) = (layer, null, null);
        }
    }

    /// <param name="finished">A mask the dialog already made for exactly these settings, if any.</param>
    public void SetSettings(EditorSettings settings, bool copySelection, FinishedMask? finished = null)
    {
        lock (_gate)
        {
            (_settings, _copySelection, _finished, _state) = (settings, copySelection, finished, null);
        }
    }

    public void Render(IBitmapEffectOutput output, Func<bool> isCancelRequested, CancellationToken cancellationToken)
    {
        RenderState state = EnsureState(cancellationToken);
        BgraImage layer = _layer!;
        RectInt32 bounds = output.Bounds;
        using var outputLock = output.LockBgra32();
        var region = outputLock.AsRegionPtr();
        for (int y = 0; y < bounds.Height; y++)
        {
            if (isCancelRequested())
            {
                return;
            }

            Span<byte> row = MemoryMarshal.AsBytes(MemoryMarshal.CreateSpan(ref region[0, y], bounds.Width));
            TileRenderer.Render(state, layer, bounds.X, bounds.Y + y, bounds.Width, 1, row, row.Length);
        }
    }

    private RenderState EnsureState(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_state is { } ready)
            {
                return ready;
            }

            BgraImage layer = _layer ?? throw new InvalidOperationException("render before the layer was read");
            EditorSettings settings = _settings ?? new EditorSettings();
            RenderState state;
            try
            {
                state = FinishedFor(layer, settings) ?? Compute(layer, settings, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                // Cancelled while encoding: this pass writes the layer back as it was.
                return RenderState.Unchanged(layer.Width, layer.Height, null, null);
            }
#pragma warning disable CA1031 // Nothing may escape into the host: an unexpected failure leaves the layer as it was.
            catch (Exception e)
#pragma warning restore CA1031
            {
                state = RenderState.Unchanged(layer.Width, layer.Height, $"unexpected {e.GetType().Name}: {e.OneLineMessage()}", null);
            }

            if (_copySelection && state.Coverage is { } coverage)
            {
                // Effects cannot set the selection; Paint.NET pastes one from this text (Ctrl+Alt+Shift+V).
                // The text is made here; the clipboard is opened on the UI side.
                string text = SelectionClipboard.FromMask(coverage);
                host.Post(() =>
                {
                    if ((_clipboard ??= HostClipboard()).SetText(text) is { } failed)
                    {
                        string message = $"the selection could not be copied: {failed}";
                        if (FirstTime(message))
                        {
                            ShowNow(message);
                        }
                    }
                });
            }

            if (state.Error is { } message)
            {
                Show(message);
            }

            _state = state;
            return state;
        }
    }

    /// <summary>The dialog's mask, when it was made from these settings on this very layer content.</summary>
    private RenderState? FinishedFor(BgraImage layer, EditorSettings settings)
    {
        if (_finished is not { } finished || finished.Settings != settings || finished.State.Width != layer.Width || finished.State.Height != layer.Height)
        {
            return null;
        }

        _layerHash ??= EmbeddingKey.HashContent(layer);
        return finished.LayerHash == _layerHash ? finished.State : null;
    }

    private RenderState Compute(BgraImage layer, EditorSettings settings, CancellationToken cancellationToken)
    {
        if (settings.ToPrompts().IsEmpty)
        {
            // Nothing to select yet (the click dialog's first token, committed by the host as the
            // dialog loads): the layer stays as it is, and no model is loaded on a render thread for it.
            return RenderState.Unchanged(layer.Width, layer.Height, null, null);
        }

        string? loadError = null;
        if (_session is null || !string.Equals(_sessionModel, settings.Model, StringComparison.Ordinal))
        {
            // The first render, or the dialog chose another model: a session on that model.
            _session = null;
            models.UseHostServices(services()); // the GPU the user chose in Paint.NET, before the first load
            if (models.TryGet(settings.Model, out loadError) is { } model)
            {
                _session = new EditorSession(model, EmbeddingCache.ForUser); // on disk too: a layer reopened after a restart is not encoded again
                _sessionModel = settings.Model;
            }
        }

        return _session is null
            ? RenderState.Unchanged(layer.Width, layer.Height, loadError, null)
            : _session.Update(layer, settings, cancellationToken: cancellationToken, contentHash: _layerHash ??= EmbeddingKey.HashContent(layer));
    }

    /// <summary>Each distinct message once per dialog, not once per tile or token; shown on the UI side.</summary>
    private void Show(string message)
    {
        if (FirstTime(message))
        {
            host.Post(() => ShowNow(message));
        }
    }

    /// <summary>False for a message already shown by this effect (render threads and the UI side both ask).</summary>
    private bool FirstTime(string message)
    {
        lock (_shown)
        {
            return _shown.Add(message);
        }
    }

    private void ShowNow(string message) => (_errors ??= HostPresenter()).Show($"Smart Select: {message}");

    private ISelectionClipboard HostClipboard() => new HostServices.PaintDotNetClipboard(services());

    /// <summary>Created on the first message only: the host's services are not there before the effect is attached.</summary>
    private IErrorPresenter HostPresenter() => HostServices.PaintDotNetErrorPresenter.For(services());
}
