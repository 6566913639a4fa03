namespace HqSam.PdnHost;

/// <summary>
/// The run's account of itself, one line per event (<c>events.log</c> and stdout): what a script
/// driving the host waits for ("shown", "closed OK", "rendered") and what the effect told the user.
/// </summary>
internal sealed class EventLog(string folder)
{
    private readonly object _gate = new();
    private readonly string _path = Path.Combine(folder, "events.log");

    public void Write(string line)
    {
        line = line.ReplaceLineEndings(" ");
        lock (_gate)
        {
            File.AppendAllText(_path, line + "\n");
            Console.WriteLine(line);
        }
    }
}
