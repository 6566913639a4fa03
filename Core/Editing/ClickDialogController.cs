using HqSam.Core.Caching;
using HqSam.Core.Contract;
using HqSam.Core.Imaging;
using HqSam.Core.Masks;
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
public sealed partial class ClickDialogController : IDisposable
{
    private readonly object _gate = new();
    private readonly BgraImage _layer;
    private readonly EmbeddingCache? _cache;
    private readonly FasterModelHint? _fasterModel;
    private LayerEncodeJob? _encoder; // replaced when the user chooses another model
    private readonly DialogPreview _preview;
    private readonly CancellationTokenSource _lifetime = new();
    private readonly LatestWinsWorker<DecodeWork> _worker;
    private readonly TimeProvider _time;
    private readonly HoverPreview _hover;
    private bool _recompose;
    private readonly ZoomEncodeJob _zoomEncode;
    private UInt128 _layerHash;

    // The output and mask options the view last set; what OK commits (they with the view's points and
    // box); and those settings again while no decode has taken them yet.
    private EditorSettings _options;
    private EditorSettings _settings;
    private EditorSettings? _pendingSettings;
    private ViewportRequest? _pendingViewport;
    private Mask? _coverage;
    private byte[]? _spare;

    /// <param name="model">The loaded model, or null when it could not be loaded (<paramref name="modelError"/> says why).</param>
    /// <param name="options">Output and mask options the dialog starts with (its points and box are ignored).</param>
    /// <param name="selectionBox">The editor's selection, as the box the dialog starts from.</param>
    public ClickDialogController(BgraImage layer, ISamModel? model, EditorSettings? options = null, BoxPrompt? selectionBox = null, string? modelError = null, EmbeddingCache? cache = null)
        : this(layer, model is null ? null : () => model, options, selectionBox, cache, null)
    {
        if (model is null)
        {
            (Phase, Status) = (DialogPhase.Failed, modelError ?? DialogStatusText.NoModel);
        }
    }

    /// <param name="loadModel">
    /// Loads the model on the encoding worker, not the UI thread (a large model takes seconds); a
    /// <see cref="HqSamException"/> from it becomes the status line.
    /// </param>
    /// <param name="options">Output and mask options the dialog starts with (its points and box are ignored).</param>
    /// <param name="selectionBox">The editor's selection, as the box the dialog starts from.</param>
    /// <param name="fasterModel">Says once, after a slow encode with HQ-SAM, that a faster model exists; null never does.</param>
    /// <param name="time">The clock of the hover preview's rest timer and of its decode times; the system's when not given.</param>
    public ClickDialogController(BgraImage layer, Func<ISamModel>? loadModel, EditorSettings? options = null, BoxPrompt? selectionBox = null, EmbeddingCache? cache = null, FasterModelHint? fasterModel = null, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(layer);
        _layer = layer;
        (_cache, _fasterModel) = (cache, fasterModel);
        _encoder = loadModel is null ? null : new LayerEncodeJob(layer, loadModel, cache, fasterModel, _lifetime.Token);
        _preview = new DialogPreview(layer);
        _worker = new LatestWinsWorker<DecodeWork>(_gate, TakeWork, Step, Failed, _lifetime.Token);
        _time = time ?? TimeProvider.System;
        _hover = new HoverPreview(_time, HoverRested);
        _zoomEncode = new ZoomEncodeJob(_gate, _lifetime.Token);
        View = new ClickDialogModel(layer.Width, layer.Height, selectionBox);
        _options = options ?? new EditorSettings();
        _settings = _pendingSettings = Combine();
        (Phase, Status) = loadModel is null ? (DialogPhase.Failed, DialogStatusText.NoModel) : (DialogPhase.Idle, DialogStatusText.Starting);
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
    public bool EncodingZoom
    {
        get
        {
            lock (_gate)
            {
                return _zoomEncode.InFlight is not null;
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
                    && (ReferenceEquals(Result?.Settings, _settings) || _settings.ToPrompts().IsEmpty);
            }
        }
    }

    /// <summary>Starts (or, after a cancel or failure, restarts) encoding the layer.</summary>
    /// <returns>A task that ends when encoding ended, however it ended.</returns>
    public Task StartEncoding()
    {
        Task encoding;
        lock (_gate)
        {
            if (_encoder is null || Phase is DialogPhase.Encoding or DialogPhase.Ready or DialogPhase.Decoding)
            {
                return _encoder?.Running ?? Task.CompletedTask;
            }

            (Phase, Status) = (DialogPhase.Encoding, DialogStatusText.Preparing);
            LayerEncodeJob job = _encoder;
            encoding = job.Start(SetStatus, (phase, status, hash) => Encoded(job, phase, status, hash));
        }

        Raise();
        return encoding;
    }

    /// <summary>
    /// The user chose another model: the layer is prepared again with it (one encode, cancellable like
    /// the first), the points and box stay, and they are decoded with the new model once it is ready.
    /// Whatever the old model was doing is cancelled and its results are dropped.
    /// </summary>
    /// <param name="options">The dialog's options with the new choice (<see cref="EditorSettings.Model"/>), when they changed with it.</param>
    public Task ChangeModel(Func<ISamModel> loadModel, EditorSettings? options = null)
    {
        ArgumentNullException.ThrowIfNull(loadModel);
        lock (_gate)
        {
            _options = options ?? _options;
            if (_encoder is { } old)
            {
                old.Cancel();
                _ = old.Running.ContinueWith(_ => old.Dispose(), TaskScheduler.Default); // its cancellation source, once it is done with it
            }

            _zoomEncode.Cancel();
            _hover.Moved(null);
            _encoder = new LayerEncodeJob(_layer, loadModel, _cache, _fasterModel, _lifetime.Token);
            (Phase, Status, Result, _coverage) = (DialogPhase.Idle, DialogStatusText.Starting, null, null);
            _settings = _pendingSettings = Combine();
        }

        Raise();
        return StartEncoding();
    }

    /// <summary>The progress bar's Cancel: stops the encode (or a closer look's); the dialog stays open and can start it again.</summary>
    public void CancelEncoding()
    {
        lock (_gate)
        {
            _encoder?.Cancel();
            _zoomEncode.Cancel();
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
        ViewportRequest viewport = ViewportRequest.Of(View.Geometry);
        lock (_gate)
        {
            _pendingViewport = viewport;
            return _worker.Kick();
        }
    }

    /// <summary>Call after <see cref="View"/> reported a change (click, drag, undo, redo, clear).</summary>
    public Task PromptChanged() => Request(null);

    /// <summary>
    /// The pointer moved over the view with no button down. When it rests (<see cref="HoverPreview.Rest"/>)
    /// on the layer, the object under it is decoded as if clicked and its outline drawn, without a fill
    /// and without changing the selection; moving on cancels it, and a click there takes that decode.
    /// </summary>
    /// <param name="newObject">Shift is held: the preview is of another object, as a Shift+click there would start (none over a point, which that click removes).</param>
    public void Hover(double viewX, double viewY, bool newObject = false)
    {
        // Whole pixels, as a click places its point: the click that follows then asks for the same decode.
        HoverSpot? at = View.ViewToImage(viewX, viewY) is { } p && !(newObject && View.IsOnAPoint(viewX, viewY))
            ? new HoverSpot(MathF.Floor(p.X), MathF.Floor(p.Y), newObject)
            : null;
        lock (_gate)
        {
            if (_hover.Moved(Phase == DialogPhase.Ready && View.PendingBox is null ? at : null))
            {
                RecomposeLocked();
            }
        }
    }

    /// <summary>The pointer left the view, or a button went down: no preview.</summary>
    public void HoverEnded()
    {
        lock (_gate)
        {
            if (_hover.Moved(null))
            {
                RecomposeLocked();
            }
        }
    }

    /// <summary>Whether the hover preview is on (a machine whose preview decodes are slow turns it off).</summary>
    public bool HoverEnabled
    {
        get
        {
            lock (_gate)
            {
                return _hover.Enabled;
            }
        }
    }

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
                (encoding, worker, crop) = (_encoder?.Running ?? Task.CompletedTask, _worker.Current, _zoomEncode.Running);
            }

            await Task.WhenAll(encoding, worker, crop).ConfigureAwait(false);
            lock (_gate)
            {
                if (encoding == (_encoder?.Running ?? Task.CompletedTask) && worker == _worker.Current && crop == _zoomEncode.Running && !_worker.IsWorking)
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
            _encoder?.Dispose();
            _zoomEncode.Dispose();
            _hover.Dispose();
        }
    }

    private Task Request(EditorSettings? options)
    {
        lock (_gate)
        {
            _hover.Moved(null); // a click (or any change) ends the preview; a finished one is taken by the decode

            _options = options ?? _options;
            _settings = _pendingSettings = Combine();
            return _worker.Kick();
        }
    }

    private EditorSettings Combine() => _options with
    {
        Points = View.Points,
        EarlierObjects = View.EarlierObjects,
        SelectionBounds = View.Box,
        UseSelectionAsBox = true,
    };

    /// <summary>The encode job's end: the layer is ready (decode what the view asked meanwhile), or the line saying why not.</summary>
    private void Encoded(LayerEncodeJob job, DialogPhase phase, string status, UInt128 hash)
    {
        lock (_gate)
        {
            if (!ReferenceEquals(job, _encoder))
            {
                return; // the model it was for has been replaced
            }

            (Phase, Status) = (phase, status);
            if (phase == DialogPhase.Ready)
            {
                _layerHash = hash;
                _worker.Kick(); // clicks made while encoding, or the selection the dialog opened with
            }
        }

        Raise();
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

    /// <summary>One round of the decode worker: a viewport to draw, settings to decode, or both.</summary>
    private sealed record DecodeWork(ViewportRequest? Viewport, EditorSettings? Settings, HoverSpot? Hover = null);
}
