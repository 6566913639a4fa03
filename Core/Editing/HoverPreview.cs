namespace HqSam.Core.Editing;

/// <summary>
/// The click dialog's hover preview, as state: where the pointer rests, the timer that notices it
/// rested, the cancellation of a preview decode the pointer moved away from, and whether previews are
/// on at all (a machine whose decodes are slow turns them off). Every member is called under the
/// owner's lock; the timer's callback takes it itself.
/// </summary>
internal sealed class HoverPreview : IDisposable
{
    /// <summary>How long the pointer must rest before its preview is decoded.</summary>
    public static readonly TimeSpan Rest = TimeSpan.FromMilliseconds(120);

    /// <summary>A preview decode slower than this turns previews off: the outline would trail the pointer.</summary>
    public static readonly TimeSpan MaxDecode = TimeSpan.FromMilliseconds(300);

    private readonly TimeProvider _time;
    private readonly Action<int> _rested;
    private ITimer? _timer;
    private int _generation; // which rest a timer belongs to: one that fires after the pointer moved is stale
    private CancellationTokenSource? _cancel;

    /// <param name="rested">Called from the timer (not under the lock) when the pointer has rested for <see cref="Rest"/>, with the rest's number for <see cref="MarkDue"/>.</param>
    public HoverPreview(TimeProvider time, Action<int> rested) => (_time, _rested) = (time, rested);

    public bool Enabled { get; private set; } = true;

    /// <summary>Where the pointer is over the layer (image pixels), or null when it is not.</summary>
    public HoverSpot? At { get; private set; }

    /// <summary>The point whose preview is wanted and not yet taken by the worker.</summary>
    public HoverSpot? Due { get; private set; }

    /// <summary>The plain mask of the preview shown now (its outline is drawn), or null.</summary>
    public Masks.Mask? Mask { get; set; }

    /// <summary>Cancelled when the pointer moves away from the point being decoded, or a click comes.</summary>
    public CancellationToken Token => _cancel?.Token ?? CancellationToken.None;

    /// <summary>
    /// The pointer moved (to <paramref name="at"/>, null: off the layer or the preview is not wanted now):
    /// a preview on its way is cancelled, the one shown goes, and the rest timer starts again.
    /// </summary>
    /// <returns>Whether an outline was shown (the view needs drawing again).</returns>
    public bool Moved(HoverSpot? at)
    {
        if (at == At && at is not null)
        {
            return false;
        }

        At = at;
        Due = null;
        _generation++;
        // Cancelled, not disposed: the worker may be about to link its decode to this token outside the
        // lock, and registering on a disposed source throws. Without a wait handle there is nothing to free.
        _cancel?.Cancel();
        _cancel = null;
        _timer?.Dispose();
        _timer = null;
        bool shown = Mask is not null;
        Mask = null;
        if (at is not null && Enabled)
        {
            int generation = _generation;
            _timer = _time.CreateTimer(_ => _rested(generation), null, Rest, Timeout.InfiniteTimeSpan);
        }

        return shown;
    }

    /// <summary>The timer of rest <paramref name="generation"/> fired: its point is due, unless the pointer moved meanwhile.</summary>
    public void MarkDue(int generation)
    {
        if (generation == _generation && At is { } at && Enabled)
        {
            Due = at;
            _cancel ??= new CancellationTokenSource();
        }
    }

    /// <summary>The worker takes the due point (once).</summary>
    public HoverSpot? Take()
    {
        HoverSpot? due = Due;
        Due = null;
        return due;
    }

    /// <summary>A preview decode took <paramref name="took"/>: too slow turns previews off for this dialog.</summary>
    /// <returns>Whether previews were turned off now.</returns>
    public bool Finished(TimeSpan took)
    {
        if (took <= MaxDecode || !Enabled)
        {
            return false;
        }

        Enabled = false;
        Moved(null);
        return true;
    }

    public void Dispose()
    {
        _timer?.Dispose();
        _cancel?.Dispose();
    }
}
