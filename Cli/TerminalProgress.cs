using System.Globalization;

namespace HqSam.Cli;

/// <summary>
/// One status line on stderr, redrawn in place, for work that outlasts <see cref="ShowAfter"/>: what
/// is happening, the time it has taken and, where this machine has done it before, how long it
/// usually takes. Drawn only when stderr is a terminal and <c>--quiet</c> is not given: a log or a
/// pipe gets none of it, and work that ends within a second leaves no trace even on a terminal.
/// </summary>
internal sealed class TerminalProgress
{
    /// <summary>Work that ends sooner draws nothing: a line that flashes for 200 ms is noise.</summary>
    public static readonly TimeSpan ShowAfter = TimeSpan.FromSeconds(1);

    private static readonly TimeSpan Redraw = TimeSpan.FromMilliseconds(250);

    private readonly TextWriter _writer;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private ITimer? _timer;
    private string _what = string.Empty;
    private TimeSpan? _usual;
    private long _started;
    private int _drawn; // characters on the line now, to blank when the next text is shorter
    private int _step; // which step is current: ending an earlier one must not end it

    public TerminalProgress(TextWriter writer, TimeProvider time)
    {
        _writer = writer ?? throw new ArgumentNullException(nameof(writer));
        _time = time ?? throw new ArgumentNullException(nameof(time));
    }

    /// <summary>Set once the command line is parsed: stderr is a terminal and <c>--quiet</c> was not given.</summary>
    public bool Enabled { get; set; }

    /// <summary>Starts a step; disposing what it returns ends it and blanks the line.</summary>
    /// <param name="what">What is happening, in the user's words ("encoding the image").</param>
    /// <param name="usual">How long it took here before, when known.</param>
    public IDisposable Step(string what, TimeSpan? usual = null)
    {
        lock (_gate)
        {
            EndLocked();
            _step++;
            if (Enabled)
            {
                (_what, _usual, _started) = (what, usual, _time.GetTimestamp());
                int step = _step;
                _timer = _time.CreateTimer(_ => Tick(step), null, ShowAfter, Redraw);
            }

            return new StepEnd(this, _step);
        }
    }

    /// <summary>Draws <paramref name="line"/> now (a download's own bar); nothing when disabled.</summary>
    public void Show(string line)
    {
        lock (_gate)
        {
            if (Enabled)
            {
                DrawLocked(line);
            }
        }
    }

    /// <summary>Blanks the line and stops redrawing; ends the current step, if any.</summary>
    public void End()
    {
        lock (_gate)
        {
            EndLocked();
        }
    }

    /// <summary>The step's line: "encoding the image: 3.2 s (usually about 12 s)".</summary>
    internal static string Describe(string what, TimeSpan elapsed, TimeSpan? usual)
    {
        string line = string.Create(CultureInfo.InvariantCulture, $"{what}: {elapsed.TotalSeconds:0.0} s");
        return usual is { } u ? line + string.Create(CultureInfo.InvariantCulture, $" (usually about {Math.Max(1, Math.Round(u.TotalSeconds)):0} s)") : line;
    }

    private void Tick(int step)
    {
        lock (_gate)
        {
            // A tick queued before its step ended finds another step current, or none: it draws nothing.
            if (step == _step && _what.Length > 0)
            {
                DrawLocked(Describe(_what, _time.GetElapsedTime(_started), _usual));
            }
        }
    }

    private void DrawLocked(string line)
    {
        _writer.Write("\r" + line + new string(' ', Math.Max(0, _drawn - line.Length)));
        _writer.Flush();
        _drawn = line.Length;
    }

    private void EndLocked()
    {
        _timer?.Dispose();
        _timer = null;
        _what = string.Empty;
        if (_drawn > 0)
        {
            _writer.Write("\r" + new string(' ', _drawn) + "\r");
            _writer.Flush();
            _drawn = 0;
        }
    }

    private void EndStep(int step)
    {
        lock (_gate)
        {
            if (step == _step)
            {
                EndLocked();
            }
        }
    }

    private sealed class StepEnd(TerminalProgress owner, int step) : IDisposable
    {
        public void Dispose() => owner.EndStep(step);
    }
}
