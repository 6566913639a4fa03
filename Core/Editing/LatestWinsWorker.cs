namespace HqSam.Core.Editing;

/// <summary>
/// One background loop at a time that runs while its owner has work pending. Requests made while it
/// runs are merged by the owner into what <c>take</c> returns next, so a burst of clicks costs the
/// decode running now plus one for the latest click, never a queue of stale ones.
/// </summary>
/// <typeparam name="TWork">What one round does; null from <c>take</c> means nothing is pending.</typeparam>
internal sealed class LatestWinsWorker<TWork>
    where TWork : class
{
    private readonly object _gate;
    private readonly Func<TWork?> _take;
    private readonly Action<TWork> _run;
    private readonly Action<Exception> _failed;
    private readonly CancellationToken _lifetime;
    private Task _task = Task.CompletedTask;
    private bool _working;

    /// <param name="gate">The owner's lock: <paramref name="take"/> runs under it, so taking the last piece of work and stopping are one step.</param>
    /// <param name="run">One round, outside the gate.</param>
    /// <param name="failed">An unexpected failure of a round, outside the gate; the loop goes on (the dialog stays usable).</param>
    /// <param name="lifetime">Cancelled when the owner closes: a round cancelled by it ends the loop quietly.</param>
    public LatestWinsWorker(object gate, Func<TWork?> take, Action<TWork> run, Action<Exception> failed, CancellationToken lifetime)
    {
        (_gate, _take, _run, _failed, _lifetime) = (gate, take, run, failed, lifetime);
    }

    /// <summary>The running loop (or the last one). Caller holds the gate.</summary>
    public Task Current => _task;

    /// <summary>Whether a loop is running. Caller holds the gate.</summary>
    public bool IsWorking => _working;

    /// <summary>Starts the loop unless it runs already (it then picks up whatever is pending). Caller holds the gate.</summary>
    public Task Kick()
    {
        if (!_working)
        {
            _working = true;
            _task = Task.Run(Loop);
        }

        return _task;
    }

    private void Loop()
    {
        while (true)
        {
            TWork? work;
            lock (_gate)
            {
                work = _take();
                if (work is null)
                {
                    _working = false;
                    return;
                }
            }

            try
            {
                _run(work);
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
                _failed(e);
            }
        }
    }
}
