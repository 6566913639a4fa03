using System.Diagnostics;
using System.Text.Json;

namespace HqSam.Tests.Windows;

/// <summary>
/// One run of the stand-in Paint.NET process under Wine: its output folder (events.log, layout.json,
/// result.png, token.json, clipboard.txt), waits on its events, and the dialog's layout as it reports it.
/// </summary>
internal sealed class HostRun : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);
    private readonly Process _process;
    private readonly WineDesktop _desktop;

    /// <summary>A run with the embedding cache off: each run encodes, as a first opening does.</summary>
    public HostRun(WineDesktop desktop, WindowsBuild build, string name, string pluginFolder, string image, string effect, params string[] options)
        : this(desktop, build, name, pluginFolder, image, effect, cacheFolder: null, options)
    {
    }

    // Private, and not params: a public (string? cacheFolder, params string[]) overload took the first
    // option of other runs ("--adapter") for a cache folder.
    private HostRun(WineDesktop desktop, WindowsBuild build, string name, string pluginFolder, string image, string effect, string? cacheFolder, string[] options)
    {
        _desktop = desktop;
        Out = Path.Combine(desktop.Root, "runs", name);
        if (Directory.Exists(Out))
        {
            Directory.Delete(Out, recursive: true);
        }

        Directory.CreateDirectory(Out);
        string[] arguments =
        [
            build.HostExe, "--plugin", WineDesktop.WindowsPath(pluginFolder), "--image", WineDesktop.WindowsPath(image),
            "--effect", effect, "--out", WineDesktop.WindowsPath(Out), .. options,
        ];

        Dictionary<string, string> environment = cacheFolder is null
            ? new() { ["HQSAM_CACHE_MB"] = "0" }
            : new() { ["HQSAM_CACHE_MB"] = "2048", ["HQSAM_CACHE_DIR"] = WineDesktop.WindowsPath(cacheFolder) };
        _process = desktop.StartProcess("wine", arguments, environment);
        Output = Task.WhenAll(_process.StandardOutput.ReadToEndAsync(), _process.StandardError.ReadToEndAsync()).ContinueWith(t => string.Concat(t.Result), TaskScheduler.Default);
    }

    /// <summary>A run with the embedding cache on, in <paramref name="cacheFolder"/>.</summary>
    public static HostRun WithCache(WineDesktop desktop, WindowsBuild build, string name, string pluginFolder, string image, string effect, string cacheFolder, params string[] options) =>
        new(desktop, build, name, pluginFolder, image, effect, cacheFolder, options);

    public string Out { get; }

    /// <summary>Everything the process printed (stdout then stderr), once it has exited.</summary>
    public Task<string> Output { get; }

    public string[] Events => File.Exists(Path.Combine(Out, "events.log")) ? File.ReadAllLines(Path.Combine(Out, "events.log")) : [];

    /// <summary>Waits for an event line starting with <paramref name="prefix"/>; fails with the log if the process ends first.</summary>
    public string WaitForEvent(string prefix)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < Patience)
        {
            if (Events.FirstOrDefault(e => e.StartsWith(prefix, StringComparison.Ordinal)) is { } line)
            {
                return line;
            }

            if (_process.HasExited)
            {
                Assert.Fail($"the host exited ({_process.ExitCode}) before '{prefix}': {string.Join(" | ", Events)} {Output.Result}");
            }

            Thread.Sleep(100);
        }

        Assert.Fail($"no '{prefix}' within {Patience.TotalSeconds} s: {string.Join(" | ", Events)}");
        return string.Empty;
    }

    /// <summary>Waits until the dialog's layout satisfies <paramref name="condition"/>; returns that layout.</summary>
    public DialogLayout WaitForLayout(Func<DialogLayout, bool> condition, string what)
    {
        var clock = Stopwatch.StartNew();
        DialogLayout? last = null;
        while (clock.Elapsed < Patience)
        {
            if (DialogLayout.TryRead(Path.Combine(Out, "layout.json")) is { } layout)
            {
                last = layout;
                if (condition(layout))
                {
                    return layout;
                }
            }

            Assert.IsFalse(_process.HasExited, $"the host exited before {what}: {string.Join(" | ", Events)}");
            Thread.Sleep(150);
        }

        Assert.Fail($"not {what} within {Patience.TotalSeconds} s; status: {last?.Status}");
        return last!;
    }

    /// <summary>Waits for the process to end; returns its exit code.</summary>
    public int WaitForExit(TimeSpan? timeout = null)
    {
        if (!_process.WaitForExit(timeout ?? Patience))
        {
            Assert.Fail($"the host did not exit: {string.Join(" | ", Events)}");
        }

        return _process.ExitCode;
    }

    /// <summary>
    /// Waits for the process to end and asserts it ended with 0; a failure carries its events and
    /// everything it printed (Wine's own messages included), so a rare one says why.
    /// </summary>
    public void AssertExitsCleanly(string? what = null)
    {
        if (WaitForExit() != 0)
        {
            string printed = Output.Wait(TimeSpan.FromSeconds(10)) ? Output.Result : "(its output did not close)";
            Assert.Fail($"{what ?? "the host"} exited with {_process.ExitCode}: {string.Join(" | ", Events)}; printed: {printed}");
        }
    }

    public void Screenshot(DialogLayout layout, string path) =>
        _desktop.Screenshot(path, layout.Form.X, layout.Form.Y, layout.Form.W, layout.Form.H);

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
    }
}

/// <summary>The dialog as the host's layout probe wrote it (tools/PdnHost/LayoutProbe.cs).</summary>
internal sealed record DialogLayout(int Dpi, Rect Form, Rect Client, IReadOnlyList<ControlBox> Controls)
{
    /// <summary>The click dialog's status line: the last label (the status bar's).</summary>
    public string Status => Controls.Last(c => c.Type == "Label").Text;

    public ControlBox Find(string type, string text) =>
        Controls.FirstOrDefault(c => c.Type == type && (c.Text == text || c.Name == text)) ?? throw new AssertFailedException($"no {type} '{text}' in the dialog");

    public static DialogLayout? TryRead(string path)
    {
        try
        {
            using JsonDocument doc = JsonDocument.Parse(File.ReadAllText(path));
            JsonElement root = doc.RootElement;
            return new DialogLayout(
                root.GetProperty("dpi").GetInt32(),
                Rect.From(root.GetProperty("form")),
                Rect.From(root.GetProperty("client")),
                [.. root.GetProperty("controls").EnumerateArray().Select(c => new ControlBox(
                    c.GetProperty("type").GetString()!,
                    c.GetProperty("name").GetString()!,
                    c.GetProperty("text").GetString()!,
                    Rect.From(c.GetProperty("bounds")),
                    c.GetProperty("clippedX").GetBoolean(),
                    c.GetProperty("clippedY").GetBoolean(),
                    c.GetProperty("scrollsY").GetBoolean()))]);
        }
        catch (Exception e) when (e is IOException or JsonException or KeyNotFoundException)
        {
            return null;
        }
    }
}

internal sealed record ControlBox(string Type, string Name, string Text, Rect Bounds, bool ClippedX, bool ClippedY, bool ScrollsY)
{
    /// <summary>Cut off where no scrolling reaches it: across at all, or down inside nothing that scrolls.</summary>
    public bool CutOff => ClippedX || (ClippedY && !ScrollsY);
}

internal sealed record Rect(int X, int Y, int W, int H)
{
    public (int X, int Y) Centre => (X + (W / 2), Y + (H / 2));

    public static Rect From(JsonElement e) => new(e.GetProperty("x").GetInt32(), e.GetProperty("y").GetInt32(), e.GetProperty("w").GetInt32(), e.GetProperty("h").GetInt32());
}
