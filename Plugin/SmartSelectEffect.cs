using HqSam.Core.Caching;
using HqSam.Core.Editing;
using HqSam.Core.Imaging;
using HqSam.Core.Pipeline;
using HqSam.Core.Prompts;
using PaintDotNet.Effects;
using PaintDotNet.Imaging;
using PaintDotNet.IndirectUI;
using PaintDotNet.PropertySystem;
using PaintDotNet.Rendering;

namespace HqSam.Plugin;

/// <summary>
/// "Smart Select (HQ-SAM)": the thin adapter between Paint.NET and <see cref="EditorSession"/>.
/// It copies the layer and the selection bounds once per render pass, copies the token's values into
/// an immutable <see cref="EditorSettings"/> (render threads never touch the token), makes the mask
/// once per token on the first tile, and has every tile only read it. Nothing thrown reaches the
/// host: failures are shown once and the layer is written back unchanged.
/// </summary>
public sealed class SmartSelectEffect : PropertyBasedBitmapEffect
{
    private readonly object _gate = new();
    private IErrorPresenter? _errors;
    private ISelectionClipboard _clipboard = new SystemSelectionClipboard();
    private bool _copySelection;
    private EditorSession? _session;
    private BgraImage? _layer;
    private PixelRect _pickerBounds;
    private BoxPrompt? _selectionBox;
    private EditorSettings? _settings;
    private RenderState? _state;
    private string? _shownError;

    public SmartSelectEffect()
        : base("Smart Select (HQ-SAM)", "Object", new BitmapEffectOptions { IsConfigurable = true })
    {
    }

    internal SmartSelectEffect(IErrorPresenter errors, ISelectionClipboard? clipboard = null)
        : this()
    {
        _errors = errors;
        _clipboard = clipboard ?? _clipboard;
    }

    /// <summary>The state the last tiles were rendered from (for tests and diagnostics).</summary>
    internal RenderState? LastState => _state;

    protected override PropertyCollection OnCreatePropertyCollection()
    {
        (PixelRect selection, int width, int height) = SelectionAndCanvas();
        return DialogProperties.Create(DialogGeometry.SelectionBox(selection, width, height) is not null);
    }

    protected override ControlInfo OnCreateConfigUI(PropertyCollection props)
    {
        ControlInfo ui = CreateDefaultConfigUI(props);
        (PixelRect selection, int width, int height) = SelectionAndCanvas();
        PixelRect bounds = DialogGeometry.SelectionBox(selection, width, height) is null ? new PixelRect(0, 0, width, height) : selection;

        // The point pickers show the layer under them, over the same bounds their values span.
        var underlay = Environment.GetSourceBitmapBgra32().CreateClipper(new RectInt32(bounds.X, bounds.Y, bounds.Width, bounds.Height), BitmapExtendMode.Clamp);
        DialogProperties.Describe(ui, underlay);
        return ui;
    }

    protected override void OnInitializeRenderInfo(IBitmapEffectRenderInfo renderInfo)
    {
        (PixelRect selection, int width, int height) = SelectionAndCanvas();
        _selectionBox = DialogGeometry.SelectionBox(selection, width, height);
        _pickerBounds = _selectionBox is null ? new PixelRect(0, 0, width, height) : selection;
        _layer = CopyLayer();
        base.OnInitializeRenderInfo(renderInfo);
    }

    protected override void OnSetToken(PropertyBasedEffectConfigToken? newToken)
    {
        if (newToken is not null)
        {
            lock (_gate)
            {
                _settings = DialogProperties.Read(newToken, _pickerBounds, _selectionBox);
                _copySelection = DialogProperties.ReadCopySelection(newToken);
                _state = null; // the next tile makes the mask for this token
            }
        }

        base.OnSetToken(newToken);
    }

    protected override void OnRender(IBitmapEffectOutput output)
    {
        RenderState state = EnsureState();
        BgraImage layer = _layer!;
        RectInt32 bounds = output.Bounds;
        using var outputLock = output.LockBgra32();
        var region = outputLock.AsRegionPtr();
        for (int y = 0; y < bounds.Height; y++)
        {
            if (IsCancelRequested)
            {
                return;
            }

            Span<byte> row = System.Runtime.InteropServices.MemoryMarshal.AsBytes(
                System.Runtime.InteropServices.MemoryMarshal.CreateSpan(ref region[0, y], bounds.Width));
            TileRenderer.Render(state, layer, bounds.X, bounds.Y + y, bounds.Width, 1, row, row.Length);
        }
    }

    /// <summary>Once per token, on whichever tile comes first; the others wait and then only read.</summary>
    private RenderState EnsureState()
    {
        lock (_gate)
        {
            if (_state is { } ready)
            {
                return ready;
            }

            BgraImage layer = _layer ?? throw new InvalidOperationException("render before OnInitializeRenderInfo");
            EditorSettings settings = _settings ?? new EditorSettings();
            RenderState state;
            try
            {
                string? loadError = null;
                if (_session is null && ModelHost.TryGet(out loadError) is { } model)
                {
                    _session = new EditorSession(model, EmbeddingCache.Shared);
                }

                state = _session is null
                    ? RenderState.Unchanged(layer.Width, layer.Height, loadError, null)
                    : _session.Update(layer, settings, cancellationToken: CancellationToken);
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
                state = RenderState.Unchanged(layer.Width, layer.Height, $"unexpected {e.GetType().Name}: {e.Message.ReplaceLineEndings(" ")}", null);
            }

            if (_copySelection && state.Coverage is { } coverage)
            {
                // Effects cannot set the selection; Paint.NET pastes one from this text (Ctrl+Alt+Shift+V).
                string? failed = _clipboard.SetText(HqSam.Core.Selection.SelectionClipboard.FromMask(coverage, state.Width, state.Height));
                if (failed is not null)
                {
                    Show($"the selection could not be copied: {failed}");
                }
            }

            if (state.Error is { } message)
            {
                Show(message);
            }

            _state = state;
            return state;
        }
    }

    /// <summary>Each distinct message once per dialog, not once per tile or token.</summary>
    private void Show(string message)
    {
        if (message != _shownError)
        {
            _shownError = message;
            (_errors ??= CreatePresenter()).Show($"Smart Select: {message}");
        }
    }

    private (PixelRect Selection, int Width, int Height) SelectionAndCanvas()
    {
        RectInt32 s = Environment.Selection.RenderBounds;
        var size = Environment.Document.Size;
        return (new PixelRect(s.X, s.Y, s.Width, s.Height), size.Width, size.Height);
    }

    /// <summary>One copy of the layer per render pass: the pipeline reads it from many threads.</summary>
    private BgraImage CopyLayer()
    {
        using var source = Environment.GetSourceBitmapBgra32();
        var size = source.Size;
        var pixels = new byte[checked(size.Width * size.Height * 4)];
        using (var sourceLock = source.Lock(new RectInt32(0, 0, size)))
        {
            var region = sourceLock.AsRegionPtr();
            for (int y = 0; y < size.Height; y++)
            {
                System.Runtime.InteropServices.MemoryMarshal.AsBytes(
                    System.Runtime.InteropServices.MemoryMarshal.CreateReadOnlySpan(ref region[0, y], size.Width))
                    .CopyTo(pixels.AsSpan(y * size.Width * 4, size.Width * 4));
            }
        }

        return new BgraImage(size.Width, size.Height, pixels);
    }

    private IErrorPresenter CreatePresenter() =>
#if PAINTDOTNET
        new Windows.PaintDotNetErrorPresenter(Services);
#else
        new RecordingErrorPresenter();
#endif
}
