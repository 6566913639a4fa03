using HqSam.Core.Caching;
using HqSam.Core.Imaging;
using HqSam.Core.Pipeline;
using HqSam.Core.Prompts;

namespace HqSam.Core.Editing;

/// <summary>
/// The click-to-select dialog's behaviour, host-neutral: it encodes the layer once when asked (the
/// slow step, cancellable, shown with its own progress), decodes after each click on a background
/// worker (the latest request wins; requests made while one runs are merged), and publishes a
/// finished <see cref="PreviewFrame"/> plus the mask the effect's token carries. The view forwards
/// mouse and keys to <see cref="View"/> on its UI thread, calls <see cref="PromptChanged"/> when that
/// reports a change, and repaints on <see cref="Changed"/> (raised on any thread).
/// </summary>
public sealed class ClickDialogController : IDisposable
{
    private readonly object _gate = new();
    private readonly BgraImage _layer;
    private readonly Func<ISamModel>? _loadModel;
    private readonly EmbeddingCache? _cache;
    private EditorSession? _session;
    private string? _deviceNote;
    private readonly DialogPreview _preview;
    private readonly CancellationTokenSource _lifetime = new();
    private CancellationTokenSource? _encodeCancel;
    private Task _encoding = Task.CompletedTask;
    private Task _worker = Task.CompletedTask;
    private bool _working;
    private UInt128 _layerHash;
    private EditorSettings _options;
    private EditorSettings _settings;
    private EditorSettings? _pendingSettings;
    private (int Width, int Height, double Scale, double OffsetX, double OffsetY)? _pendingViewport;
    private byte[]? _coverage;
    private byte[]? _spare;
    private CancellationTokenSource? _cropCancel;
    private ZoomRegion? _cropInFlight;
    private Task _cropEncoding = Task.CompletedTask;

    /// <param name="model">The loaded model, or null when it could not be loaded (<paramref name="modelError"/> says why).</param>
    /// <param name="options">Output and mask options the dialog starts with (its points and box are ignored).</param>
    /// <param name="selectionBox">The editor's selection, as the box the dialog starts from.</param>
    public ClickDialogController(BgraImage layer, ISamModel? model, EditorSettings? options = null, BoxPrompt? selectionBox = null, string? modelError = null, EmbeddingCache? cache = null)
        : this(layer, model is null ? null : () => model, options, selectionBox, cache)
    {
        if (model is null)
        {
            (Phase, Status) = (DialogPhase.Failed, modelError ?? "no HQ-SAM model is loaded");
        }
    }

    /// <param name="loadModel">
    /// Loads the model on the encoding worker, not the UI thread (a large model takes seconds); a
    /// <see cref="HqSamException"/> from it becomes the status line.
    /// </param>
    /// <param name="options">Output and mask options the dialog starts with (its points and box are ignored).</param>
    /// <param name="selectionBox">The editor's selection, as the box the dialog starts from.</param>
    public ClickDialogController(BgraImage layer, Func<ISamModel>? loadModel, EditorSettings? options = null, BoxPrompt? selectionBox = null, EmbeddingCache? cache = null)
    {
        ArgumentNullException.ThrowIfNull(layer);
        _layer = layer;
        _loadModel = loadModel;
        _cache = cache;
        _preview = new DialogPreview(layer);
        View = new ClickDialogModel(layer.Width, layer.Height, selectionBox);
        _options = options ?? new EditorSettings();
        _settings = _pendingSettings = Combine();
        (Phase, Status) = loadModel is null ? (DialogPhase.Failed, "no HQ-SAM model is loaded") : (DialogPhase.Idle, "Starting…");
    }

    /// <summary>Raised (on any thread) whenever <see cref="Phase"/>, <see cref="Status"/> or <see cref="Frame"/> changed.</summary>
    public event EventHandler? Changed;

    /// <summary>Clicks, geometry and history; touched only from the view's thread.</summary>
    public ClickDialogModel View { get; }

    public DialogPhase Phase { get; private set; }

    /// <summary>
    /// A crop around a small object is being encoded for a closer look (seconds on a CPU): the
    /// whole-image mask is shown meanwhile, clicks keep working, <see cref="CancelEncoding"/> stops it.
    /// </summary>
    public bool LookingCloser
    {
        get
        {
            lock (_gate)
            {
                return _cropInFlight is not null;
            }
        }
    }

    /// <summary>One line for the dialog's status bar: what to do next, or what went wrong.</summary>
    public string Status { get; private set; }

    /// <summary>The latest picture of the view, or null before the first <see cref="SetViewport"/> finished.</summary>
    public PreviewFrame? Frame { get; private set; }

    /// <summary>The latest decoded mask with the settings it was made from, for the effect's token; null without one.</summary>
    public FinishedMask? Result { get; private set; }

    /// <summary>What OK commits: the options with the dialog's points and box. The same instance until something changes.</summary>
    public EditorSettings Settings
    {
        get
        {
            lock (_gate)
            {
                return _settings;
            }
        }
    }

    /// <summary>
    /// True when the dialog has caught up with its settings: ready, and the mask for exactly
    /// <see cref="Settings"/> is in <see cref="Result"/> (or there is nothing to select). The moment for
    /// the view to hand settings and mask to the host's preview, which then copies instead of decoding.
    /// </summary>
    public bool IsSettled
    {
        get
        {
            lock (_gate)
            {
                return Phase == DialogPhase.Ready && _pendingSettings is null
                    && (ReferenceEquals(Result?.Settings, _settings) || _settings.ToPrompt() is null);
            }
        }
    }

    /// <summary>Starts (or, after a cancel or failure, restarts) encoding the layer.</summary>
    /// <returns>A task that ends when encoding ended, however it ended.</returns>
    public Task StartEncoding()
    {
        lock (_gate)
        {
            if (_loadModel is null || Phase is DialogPhase.Encoding or DialogPhase.Ready or DialogPhase.Decoding)
            {
                return _encoding;
            }

            _encodeCancel?.Dispose();
            _encodeCancel = CancellationTokenSource.CreateLinkedTokenSource(_lifetime.Token);
            CancellationToken token = _encodeCancel.Token;
            (Phase, Status) = (DialogPhase.Encoding, "Preparing this layer for HQ-SAM (once per layer)…");
            _encoding = Task.Run(() => Encode(token));
        }

        Raise();
        return _encoding;
    }

    /// <summary>The progress bar's Cancel: stops the encode (or a closer look's); the dialog stays open and can start it again.</summary>
    public void CancelEncoding()
    {
        lock (_gate)
        {
            _encodeCancel?.Cancel();
            _cropCancel?.Cancel();
        }
    }

    /// <summary>The view's client size changed: the click geometry follows now, the picture in the background.</summary>
    public Task SetViewport(int width, int height)
    {
        View.SetViewport(width, height);
        return ViewMoved();
    }

    /// <summary>The mouse wheel: zoom about the cursor (within fit-to-window and 16 view pixels per pixel).</summary>
    public Task ZoomAt(double factor, double viewX, double viewY) =>
        View.Geometry.ZoomAt(factor, viewX, viewY) ? ViewMoved() : Task.CompletedTask;

    /// <summary>Back to the whole layer.</summary>
    public Task FitToWindow() => View.Geometry.Fit() ? ViewMoved() : Task.CompletedTask;

    /// <summary>Call after the view moved some other way (a middle-button pan through <see cref="View"/>).</summary>
    public Task ViewMoved()
    {
        ViewGeometry g = View.Geometry;
        lock (_gate)
        {
            _pendingViewport = (g.ViewWidth, g.ViewHeight, g.Scale, g.OffsetX, g.OffsetY);
            return Kick();
        }
    }

    /// <summary>Call after <see cref="View"/> reported a change (click, drag, undo, redo, clear).</summary>
    public Task PromptChanged() => Request(null);

    /// <summary>New output or mask options (points and box stay the dialog's).</summary>
    public Task SetOptions(EditorSettings options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return Request(options);
    }

    /// <summary>
    /// The view has copied <paramref name="frame"/> and will not read it again: its buffer may hold the next
    /// picture, so a click composes without allocating. Frames not handed back are simply collected.
    /// </summary>
    public void Recycle(PreviewFrame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        lock (_gate)
        {
            if (!ReferenceEquals(frame, Frame))
            {
                _spare = frame.Pixels; // never the current frame: it may still be shown again
            }
        }
    }

    /// <summary>Finishes when nothing is left to do (for tests, and for a view closing cleanly).</summary>
    public async Task WhenIdle()
    {
        while (true)
        {
            Task encoding, worker, crop;
            lock (_gate)
            {
                (encoding, worker, crop) = (_encoding, _worker, _cropEncoding);
            }

            await Task.WhenAll(encoding, worker, crop).ConfigureAwait(false);
            lock (_gate)
            {
                if (encoding == _encoding && worker == _worker && crop == _cropEncoding && !_working)
                {
                    return;
                }
            }
        }
    }

    public void Dispose()
    {
        _lifetime.Cancel();
        lock (_gate)
        {
            _encodeCancel?.Dispose();
            _encodeCancel = null;
            _cropCancel?.Dispose();
            _cropCancel = null;
        }
    }

    private Task Request(EditorSettings? options)
    {
        lock (_gate)
        {
            _options = options ?? _options;
            _settings = _pendingSettings = Combine();
            return Kick();
        }
    }

    private EditorSettings Combine() => _options with
    {
        Points = View.Points,
        SelectionBounds = View.Box,
        UseSelectionAsBox = true,
    };

    private void Encode(CancellationToken token)
    {
        DialogPhase phase;
        string status;
        try
        {
            if (_session is null)
            {
                SetStatus("Loading HQ-SAM…");
                ISamModel model = _loadModel!();
                _deviceNote = model.DeviceNote;
                _session = new EditorSession(model, _cache);
                SetStatus("Preparing this layer for HQ-SAM (once per layer)…");
            }

            UInt128 hash = _session.Prepare(_layer, cancellationToken: token);
            lock (_gate)
            {
                _layerHash = hash;
            }

            (phase, status) = (DialogPhase.Ready, Hint(null));
        }
        catch (OperationCanceledException)
        {
            (phase, status) = (DialogPhase.Cancelled, "Cancelled: the layer was not prepared. Start it again to select.");
        }
        catch (HqSamException e)
        {
            (phase, status) = (DialogPhase.Failed, e.Message);
        }
        catch (OutOfMemoryException)
        {
            (phase, status) = (DialogPhase.Failed, $"not enough memory to prepare a {_layer.Width}x{_layer.Height} layer");
        }
#pragma warning disable CA1031 // A model that cannot load (a missing native library, say) is a status line, not a crashed editor.
        catch (Exception e)
#pragma warning restore CA1031
        {
            (phase, status) = (DialogPhase.Failed, $"unexpected {e.GetType().Name}: {e.OneLineMessage()}");
        }

        lock (_gate)
        {
            (Phase, Status) = (phase, status);
            if (phase == DialogPhase.Ready)
            {
                Kick(); // clicks made while encoding, or the selection the dialog opened with
            }
        }

        Raise();
    }

    /// <summary>Starts the worker unless it runs already (it picks up whatever is pending). Caller holds the gate.</summary>
    private Task Kick()
    {
        if (!_working)
        {
            _working = true;
            _worker = Task.Run(Work);
        }

        return _worker;
    }

    private void Work()
    {
        while (true)
        {
            (int Width, int Height, double Scale, double OffsetX, double OffsetY)? viewport;
            EditorSettings? settings = null;
            lock (_gate)
            {
                viewport = _pendingViewport;
                _pendingViewport = null;
                if (Phase is DialogPhase.Ready or DialogPhase.Decoding && _pendingSettings is not null)
                {
                    (settings, _pendingSettings, Phase) = (_pendingSettings, null, DialogPhase.Decoding);
                }

                if (viewport is null && settings is null)
                {
                    _working = false;
                    return;
                }
            }

            try
            {
                Step(viewport, settings);
            }
            catch (OperationCanceledException) when (_lifetime.IsCancellationRequested)
            {
                lock (_gate)
                {
                    _working = false;
                }

                return;
            }
#pragma warning disable CA1031 // The dialog must stay usable: an unexpected failure becomes its status line.
            catch (Exception e)
#pragma warning restore CA1031
            {
                lock (_gate)
                {
                    Status = $"unexpected {e.GetType().Name}: {e.OneLineMessage()}";
                    if (Phase == DialogPhase.Decoding)
                    {
                        Phase = DialogPhase.Ready;
                    }
                }
            }

            Raise();
        }
    }

    private void Step((int Width, int Height, double Scale, double OffsetX, double OffsetY)? viewport, EditorSettings? settings)
    {
        if (viewport is { } v)
        {
            _preview.Fit(v.Width, v.Height, v.Scale, v.OffsetX, v.OffsetY);
        }

        if (settings is not null)
        {
            UInt128 hash;
            lock (_gate)
            {
                hash = _layerHash;
            }

            // The dialog's layer never changes: the hash from the encode saves hashing it per click.
            // A closer look whose crop is not encoded yet must not hold up the click: the whole-image
            // mask is shown now, the crop encodes beside, and the closer mask replaces it when ready.
            RenderState state = _session!.Update(_layer, settings, cancellationToken: _lifetime.Token, contentHash: hash, encodeCrops: false);
            ZoomRegion? crop = state.Coverage is null ? null : _session.MissingCrop;

            // The result says what it is: without its closer look yet, it is the whole-image mask.
            EditorSettings made = crop is null ? settings : settings with { Zoom = ZoomMode.Off };
            lock (_gate)
            {
                _coverage = state.Coverage;
                Result = state.Coverage is null ? null : new FinishedMask(made, _layerHash, state);
                Status = state.Error ?? Hint(settings);
                if (crop is { } c)
                {
                    LookCloser(c, settings, hash);
                }
                else if (_cropInFlight is not null && ReferenceEquals(settings, _settings))
                {
                    // The latest click needs no crop encode: the one still running is for an earlier click.
                    _cropCancel?.Cancel();
                }

                if (_pendingSettings is null)
                {
                    Phase = DialogPhase.Ready;
                }
            }
        }

        if (_preview.ViewWidth > 0)
        {
            byte[]? spare;
            lock (_gate)
            {
                (spare, _spare) = (_spare, null);
            }

            PreviewFrame frame = _preview.Compose(_coverage, spare);
            lock (_gate)
            {
                Frame = frame;
            }
        }
    }

    /// <summary>
    /// Encodes <paramref name="crop"/> beside the decodes (once: a crop already on its way is not
    /// started again; a different one replaces it, the latest click wins), then decodes the closer
    /// look if <paramref name="settings"/> are still the dialog's. Caller holds the gate.
    /// </summary>
    private void LookCloser(ZoomRegion crop, EditorSettings settings, UInt128 hash)
    {
        Status = "Looking closer at the object (one more encode: seconds on a CPU)… Cancel keeps the mask shown.";
        if (_cropInFlight == crop)
        {
            return;
        }

        _cropCancel?.Cancel();
        _cropCancel?.Dispose();
        _cropCancel = CancellationTokenSource.CreateLinkedTokenSource(_lifetime.Token);
        CancellationToken token = _cropCancel.Token;
        _cropInFlight = crop;
        Task previous = _cropEncoding;
        _cropEncoding = Task.Run(async () =>
        {
            await previous.ConfigureAwait(false); // one encode at a time; a cancelled one ends quickly
            string? outcome = null;
            try
            {
                _session!.EncodeCrop(_layer, crop, hash, token);
            }
            catch (OperationCanceledException)
            {
                outcome = "Stopped looking closer: the mask shown is the whole-image one.";
            }
            catch (HqSamException e)
            {
                outcome = e.Message;
            }

            lock (_gate)
            {
                if (_cropInFlight == crop)
                {
                    _cropInFlight = null;
                }

                if (outcome is not null)
                {
                    if (_cropInFlight is null)
                    {
                        Status = outcome;
                    }
                }
                else if (ReferenceEquals(settings, _settings))
                {
                    // Still the latest click: decode again, now with the crop encoded.
                    _pendingSettings ??= settings;
                    Phase = Phase == DialogPhase.Ready ? DialogPhase.Decoding : Phase;
                    Kick();
                }
            }

            Raise();
        });
    }

    private string Hint(EditorSettings? settings)
    {
        SegmentationPrompt? prompt = settings?.ToPrompt();
        if (prompt is null)
        {
            // Before the first click: also where the model runs, when that is not where a GPU was wanted.
            string hint = "Click the object to select it. Right-click (or Alt+click) excludes, a drag draws a box.";
            return _deviceNote is { } note ? $"{hint} Running {note}." : hint;
        }

        int positives = prompt.Points.Count(p => p.Positive);
        int negatives = prompt.Points.Length - positives;
        string box = prompt.Box is null ? string.Empty : ", a box";
        return $"{positives} object point{(positives == 1 ? string.Empty : "s")}, {negatives} excluded{box}. Ctrl+Z undoes, Ctrl+Y redoes.";
    }

    private void SetStatus(string status)
    {
        lock (_gate)
        {
            Status = status;
        }

        Raise();
    }

    private void Raise() => Changed?.Invoke(this, EventArgs.Empty);
}
