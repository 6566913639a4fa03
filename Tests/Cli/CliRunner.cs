using HqSam.Cli;
using HqSam.Tests.Support;

namespace HqSam.Tests.Cli;

/// <summary>Runs <c>hqsam</c> in-process with its real parsing, and captures what it prints.</summary>
internal static class CliRunner
{
    private static readonly Lazy<string> HistoryFile = new(() => Path.Combine(TestModelPair.NewFolder("stage-times"), StageHistory.FileName));

    /// <summary>
    /// What in-process runs work on unless a test gives its own: the user's services, except that
    /// this machine's stage times go to a file of this test run (tests never write the user's).
    /// </summary>
    public static CliServices Services { get; } = CliServices.ForUser with { History = () => new StageHistory(HistoryFile.Value) };

    public static (int Code, string Stdout, string Stderr) Run(params string[] args) => Run(Services, args);

    /// <param name="services">What the commands work on (a test's store, cache or stage times).</param>
    public static (int Code, string Stdout, string Stderr) Run(CliServices services, params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        int code = HqSamCli.Run(args, stdout, stderr, stderrIsTerminal: false, TimeProvider.System, services);
        return (code, stdout.ToString(), stderr.ToString());
    }

    /// <summary>A fresh folder holding the standard test scene as a PNG: (folder, image path).</summary>
    public static (string Work, string Image) SceneFolder(string folder, string imageName, int width = 320, int height = 240)
    {
        string work = TestModelPair.NewFolder(folder);
        string image = Path.Combine(work, imageName);
        CliTests.SavePng(image, Scene.Standard().Render(width, height));
        return (work, image);
    }

    /// <summary>Runs <c>hqsam segment</c> on the test models, writing a fresh mask in <paramref name="work"/>, and returns the mask's gray values (it must succeed).</summary>
    public static byte[] SegmentMask(string work, string image, int width, int height, params string[] extra) => SegmentMask(work, image, width, height, out _, extra);

    /// <inheritdoc cref="SegmentMask(string, string, int, int, string[])"/>
    public static byte[] SegmentMask(string work, string image, int width, int height, out string stdout, params string[] extra)
    {
        string output = FreshPath(work, "mask.png");
        (int code, stdout, string stderr) = Run(["segment", "-i", image, "-m", TestModelPair.Directory, "-o", output, .. extra]);
        Assert.AreEqual(0, code, stderr);
        using SkiaSharp.SKBitmap mask = SkiaSharp.SKBitmap.Decode(output);
        Assert.AreEqual((width, height), (mask.Width, mask.Height));
        return [.. Enumerable.Range(0, width * height).Select(i => mask.GetPixel(i % width, i / width).Red)];
    }

    /// <summary>A file name in <paramref name="folder"/> no other test uses.</summary>
    public static string FreshPath(string folder, string name) => Path.Combine(folder, Guid.NewGuid().ToString("N")[..6] + "-" + name);

    /// <summary>Exit 2 with exactly one line on stderr, starting "hqsam: " and holding <paramref name="expected"/>; returns the line.</summary>
    public static string AssertOneLineError((int Code, string Stdout, string Stderr) result, string expected)
    {
        Assert.AreEqual(2, result.Code, result.Stderr);
        string line = result.Stderr.TrimEnd();
        Assert.DoesNotContain('\n', line, $"one line: {result.Stderr}");
        StringAssert.StartsWith(line, "hqsam: ");
        StringAssert.Contains(line, expected);
        Assert.DoesNotContain("   at ", line, "no stack trace");
        return line;
    }
}
