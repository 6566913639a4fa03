using HqSam.Core.Caching;
using HqSam.Core.Contract;
using HqSam.Core.Imaging;
using HqSam.Core.Pipeline;

namespace HqSam.Core.Editing;

/// <summary>
/// The click dialog's slow step, off the UI thread: loads the model on first use (a large one takes
/// seconds), then encodes the layer once. Cancellable; after a cancel or a failure it can run again,
/// and a model already loaded is kept. Every outcome ends as a phase and a status line, never as an
/// exception in the editor.
/// </summary>
internal sealed class LayerEncodeJob : IDisposable
{
    private readonly BgraImage _layer;
    private readonly Func<ISamModel> _loadModel;
    private readonly EmbeddingCache? _cache;
    private readonly FasterModelHint? _fasterModel;
    private readonly CancellationToken _lifetime;
    private CancellationTokenSource? _cancel;
    private ModelFamily _family;

    /// <param name="fasterModel">Says once, after a slow encode with HQ-SAM, that a faster model exists; null never does.</param>
    public LayerEncodeJob(BgraImage layer, Func<ISamModel> loadModel, EmbeddingCache? cache, FasterModelHint? fasterModel, CancellationToken lifetime) =>
        (_layer, _loadModel, _cache, _fasterModel, _lifetime) = (layer, loadModel, cache, fasterModel, lifetime);

    /// <summary>The session on the loaded model; null until the model loaded.</summary>
    public EditorSession? Session { get; private set; }

    /// <summary>Where the model runs, when that is not where it was asked to (from the model); null before it loaded.</summary>
    public string? DeviceNote { get; private set; }

    /// <summary>Advice from the encode for the status line before the first click (a faster model exists), or null.</summary>
    public string? Advice { get; private set; }

    /// <summary>The latest run (ends however it ends). Caller holds the owner's gate.</summary>
    public Task Running { get; private set; } = Task.CompletedTask;

    /// <summary>Starts a run. Caller holds the owner's gate and knows none is running.</summary>
    /// <param name="progress">A new status line while it runs (loading, then preparing).</param>
    /// <param name="finished">
    /// How it ended: <see cref="DialogPhase.Ready"/> with the layer's content hash, or
    /// <see cref="DialogPhase.Cancelled"/> / <see cref="DialogPhase.Failed"/> with the line saying why.
    /// </param>
    public Task Start(Action<string> progress, Action<DialogPhase, string, UInt128> finished)
    {
        _cancel?.Dispose();
        _cancel = CancellationTokenSource.CreateLinkedTokenSource(_lifetime);
        CancellationToken token = _cancel.Token;
        Running = Task.Run(() => Run(progress, finished, token));
        return Running;
    }

    /// <summary>Stops the running encode, if any. Caller holds the owner's gate.</summary>
    public void Cancel() => _cancel?.Cancel();

    public void Dispose()
    {
        _cancel?.Dispose();
        _cancel = null;
    }

    private void Run(Action<string> progress, Action<DialogPhase, string, UInt128> finished, CancellationToken token)
    {
        DialogPhase phase;
        string status;
        UInt128 hash = default;
        try
        {
            if (Session is null)
            {
                progress(DialogStatusText.Loading);
                ISamModel model = _loadModel();
                DeviceNote = model.DeviceNote;
                _family = model.Family;
                Session = new EditorSession(model, _cache);
                progress(DialogStatusText.Preparing);
            }

            var timings = new StageTimings();
            hash = Session.Prepare(_layer, timings, token);
            TimeSpan? encode = timings[Stage.Encode] is double ms ? TimeSpan.FromMilliseconds(ms) : null;
            Advice = _fasterModel?.After(encode, _family) ?? Advice;
            (phase, status) = (DialogPhase.Ready, DialogStatusText.Hint(null, DeviceNote, Advice));
        }
        catch (OperationCanceledException)
        {
            (phase, status) = (DialogPhase.Cancelled, DialogStatusText.EncodeCancelled);
        }
        catch (HqSamException e)
        {
            (phase, status) = (DialogPhase.Failed, e.Message);
        }
        catch (OutOfMemoryException)
        {
            (phase, status) = (DialogPhase.Failed, DialogStatusText.OutOfMemory(_layer.Width, _layer.Height));
        }
#pragma warning disable CA1031 // A model that cannot load (a missing native library, say) is a status line, not a crashed editor.
        catch (Exception e)
#pragma warning restore CA1031
        {
            (phase, status) = (DialogPhase.Failed, DialogStatusText.Unexpected(e));
        }

        finished(phase, status, hash);
    }
}
