using HqSam.Core.Pipeline;

namespace HqSam.Core.Editing;

/// <summary>
/// The chain of crop encodes behind the click dialog's closer looks: one encode at a time, beside the
/// decodes; a crop already on its way is not started again, a different one cancels and replaces it
/// (the latest click wins).
/// </summary>
internal sealed class ZoomEncodeJob : IDisposable
{
    private readonly object _gate;
    private readonly CancellationToken _lifetime;
    private CancellationTokenSource? _cancel;

    /// <param name="gate">The owner's lock, held by every caller and while <c>finished</c> runs.</param>
    public ZoomEncodeJob(object gate, CancellationToken lifetime) => (_gate, _lifetime) = (gate, lifetime);

    /// <summary>The crop being encoded, or null. Caller holds the gate.</summary>
    public ZoomRegion? InFlight { get; private set; }

    /// <summary>The latest encode's task (ends however the encode ends). Caller holds the gate.</summary>
    public Task Running { get; private set; } = Task.CompletedTask;

    /// <summary>
    /// Encodes <paramref name="crop"/> unless it is on its way already. Caller holds the gate.
    /// </summary>
    /// <param name="encode">The encode itself, off the gate; cancellation and <see cref="HqSamException"/> are outcomes, not failures.</param>
    /// <param name="finished">
    /// Under the gate, once the crop left <see cref="InFlight"/>: null when encoded, else the status line
    /// saying why not.
    /// </param>
    /// <param name="raise">After <paramref name="finished"/>, off the gate: tells the view.</param>
    public void Start(ZoomRegion crop, Action<CancellationToken> encode, Action<string?> finished, Action raise)
    {
        if (InFlight == crop)
        {
            return;
        }

        // The encode this one replaces may not have started yet (it waits for its own predecessor), so
        // its source is cancelled now and disposed only once it has ended.
        CancellationTokenSource? replaced = _cancel;
        replaced?.Cancel();
        _cancel = CancellationTokenSource.CreateLinkedTokenSource(_lifetime);
        CancellationToken token = _cancel.Token;
        InFlight = crop;
        Task previous = Running;
        Running = Task.Run(async () =>
        {
            await previous.ConfigureAwait(false); // one encode at a time; a cancelled one ends quickly
            replaced?.Dispose();
            string? outcome = null;
            try
            {
                encode(token);
            }
            catch (OperationCanceledException)
            {
                outcome = DialogStatusText.ZoomStopped;
            }
            catch (HqSamException e)
            {
                outcome = e.Message;
            }

            lock (_gate)
            {
                if (InFlight == crop)
                {
                    InFlight = null;
                }

                finished(outcome);
            }

            raise();
        });
    }

    /// <summary>Stops the running encode, if any. Caller holds the gate.</summary>
    public void Cancel() => _cancel?.Cancel();

    public void Dispose()
    {
        _cancel?.Dispose();
        _cancel = null;
    }
}
