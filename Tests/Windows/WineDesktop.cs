using System.Diagnostics;
using System.Globalization;

namespace HqSam.Tests.Windows;

/// <summary>
/// A Windows desktop on this Linux machine: an Xvfb display and a fresh Wine prefix of its own, with
/// xdotool for the mouse and keys and ImageMagick's <c>import</c> for screenshots. Where these tools are
/// missing the tests are inconclusive, except where <c>HQSAM_WINE_TESTS=required</c> (CI's
/// <c>.ci/run</c> sets it after installing them): there they fail.
/// </summary>
internal sealed class WineDesktop : IDisposable
{
    private static readonly string[] Tools = ["wine", "wineserver", "Xvfb", "xdotool", "import"];
    private readonly Process _xvfb;
    private readonly Dictionary<string, string> _environment;

    private WineDesktop(string root, Process xvfb, string display)
    {
        Root = root;
        _xvfb = xvfb;
        _environment = new()
        {
            ["DISPLAY"] = display,
            ["WINEPREFIX"] = Path.Combine(root, "prefix"),
            ["WINEDEBUG"] = "-all",
        };
    }

    /// <summary>The folder holding the prefix; runs put their files under it.</summary>
    public string Root { get; }

    public IReadOnlyDictionary<string, string> Environment => _environment;

    /// <summary>Starts Xvfb and creates the prefix, or makes the test inconclusive (failed where required) without the tools.</summary>
    public static WineDesktop Start(string root)
    {
        string[] missing = [.. Tools.Where(t => Which(t) is null)];
        if (missing.Length > 0)
        {
            string message = $"the Windows-side tests need {string.Join(", ", missing)} (Debian: apt-get install wine64 xvfb xdotool imagemagick)";
            if (System.Environment.GetEnvironmentVariable("HQSAM_WINE_TESTS") == "required")
            {
                Assert.Fail(message);
            }

            Assert.Inconclusive(message);
        }

        Directory.CreateDirectory(root);
        int number = 90 + (System.Environment.ProcessId % 400);
        while (File.Exists($"/tmp/.X{number}-lock"))
        {
            number++;
        }

        var start = new ProcessStartInfo("Xvfb") { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (string a in new[] { $":{number}", "-screen", "0", "1600x1200x24", "-nolisten", "tcp" })
        {
            start.ArgumentList.Add(a);
        }

        Process xvfb = Process.Start(start)!;
        var desktop = new WineDesktop(root, xvfb, $":{number}");
        for (int i = 0; i < 50 && !File.Exists($"/tmp/.X11-unix/X{number}"); i++)
        {
            Thread.Sleep(100);
        }

        (int code, string output) = desktop.Run("wineboot", ["-i"], TimeSpan.FromMinutes(3));
        Assert.AreEqual(0, code, "wineboot: " + output);
        desktop.Run("wineserver", ["-w"], TimeSpan.FromMinutes(1));
        return desktop;
    }

    /// <summary>A Linux path as Wine's Z: drive names it.</summary>
    public static string WindowsPath(string path) => "Z:" + Path.GetFullPath(path).Replace('/', '\\');

    /// <summary>Wine's system DPI (96 = 100 %, 144 = 150 %): the next Windows process starts with it.</summary>
    public void SetDpi(int dpi)
    {
        (int code, string output) = Run("wine", ["reg", "add", @"HKCU\Control Panel\Desktop", "/v", "LogPixels", "/t", "REG_DWORD", "/d", dpi.ToString(CultureInfo.InvariantCulture), "/f"], TimeSpan.FromMinutes(1));
        Assert.AreEqual(0, code, "wine reg add: " + output);
        Run("wineserver", ["-k"], TimeSpan.FromMinutes(1)); // the server re-reads the setting as it starts again
    }

    public Process StartProcess(string file, IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? extra = null)
    {
        var start = new ProcessStartInfo(file) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string a in arguments)
        {
            start.ArgumentList.Add(a);
        }

        foreach ((string key, string value) in _environment.Concat(extra ?? new Dictionary<string, string>()))
        {
            start.Environment[key] = value;
        }

        return Process.Start(start)!;
    }

    public (int Code, string Output) Run(string file, IEnumerable<string> arguments, TimeSpan timeout)
    {
        using Process p = StartProcess(file, arguments);
        Task<string> stderr = p.StandardError.ReadToEndAsync();
        Task<string> stdout = p.StandardOutput.ReadToEndAsync();
        if (!p.WaitForExit(timeout))
        {
            p.Kill(entireProcessTree: true);
            Assert.Fail($"{file} {string.Join(' ', arguments)} did not finish in {timeout.TotalSeconds} s");
        }

        return (p.ExitCode, stdout.Result + stderr.Result);
    }

    public void Click(int x, int y, int button = 1) =>
        Xdotool("mousemove", x.ToString(CultureInfo.InvariantCulture), y.ToString(CultureInfo.InvariantCulture), "click", button.ToString(CultureInfo.InvariantCulture));

    /// <summary>A left click with Shift held (the click dialog: another object).</summary>
    public void ShiftClick(int x, int y) =>
        Xdotool("mousemove", x.ToString(CultureInfo.InvariantCulture), y.ToString(CultureInfo.InvariantCulture), "keydown", "shift", "click", "1", "keyup", "shift");

    /// <summary>Moves the pointer there and leaves it (no button).</summary>
    public void MoveTo(int x, int y) =>
        Xdotool("mousemove", x.ToString(CultureInfo.InvariantCulture), y.ToString(CultureInfo.InvariantCulture));

    /// <summary>A key chord to the focused window, in xdotool's names ("ctrl+z", "Escape").</summary>
    public void Key(string chord) => Xdotool("key", chord);

    /// <summary>The screen's rectangle as a PNG.</summary>
    public void Screenshot(string path, int x, int y, int width, int height)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        string geometry = string.Create(CultureInfo.InvariantCulture, $"{width}x{height}+{x}+{y}");
        (int code, string output) = Run("import", ["-window", "root", "-crop", geometry, "+repage", path], TimeSpan.FromMinutes(1));
        Assert.AreEqual(0, code, "import: " + output);
    }

    public void Dispose()
    {
        try
        {
            Run("wineserver", ["-k"], TimeSpan.FromMinutes(1));
        }
        finally
        {
            if (!_xvfb.HasExited)
            {
                _xvfb.Kill();
            }

            _xvfb.Dispose();
        }
    }

    private void Xdotool(params string[] arguments)
    {
        (int code, string output) = Run("xdotool", arguments, TimeSpan.FromSeconds(30));
        Assert.AreEqual(0, code, "xdotool: " + output);
    }

    private static string? Which(string tool) =>
        (System.Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':').Select(d => Path.Combine(d, tool)).FirstOrDefault(File.Exists);
}
