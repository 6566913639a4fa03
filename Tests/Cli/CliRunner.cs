using HqSam.Cli;
using HqSam.Cli.Commands;
using HqSam.Tests.Support;

namespace HqSam.Tests.Cli;

/// <summary>Runs <c>hqsam</c> in-process with its real parsing, and captures what it prints.</summary>
internal static class CliRunner
{
    public static (int Code, string Stdout, string Stderr) Run(params string[] args) => Run(null, args);

    /// <param name="models">What <c>hqsam models</c> works on (a test's store); null for the user's.</param>
    public static (int Code, string Stdout, string Stderr) Run(ModelServices? models, params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        int code = HqSamCli.Run(args, stdout, stderr, stderrIsTerminal: false, TimeProvider.System, models);
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
