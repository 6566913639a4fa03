using HqSam.Tests.Support;
using static HqSam.Tests.Cli.CliRunner;

namespace HqSam.Tests.Cli;

/// <summary><c>hqsam bench</c> on the analytic test models: every stage a user needs to judge their machine, one line each.</summary>
[TestClass]
public sealed class BenchCommandTests
{
    [TestMethod]
    [Timeout(300_000, CooperativeCancellation = true)]
    public void BenchReportsEveryStageAndAZoom()
    {
        (int code, string stdout, string stderr) = Run("bench", "--models", TestModelPair.Directory, "--clicks", "3", "--device", "cpu");
        Assert.AreEqual(0, code, stderr);
        string[] lines = [.. stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Where(l => !l.StartsWith('#'))];
        CollectionAssert.AreEqual(
            new[] { "load", "preprocess", "encode", "first-decode", "decode", "click-to-mask", "encode-zoom", "click-to-mask-zoom", "peak-working-set" },
            lines.Select(l => l.Split(' ')[0]).ToArray(),
            stdout);
        foreach (string line in lines[..^1])
        {
            StringAssert.Matches(line, new System.Text.RegularExpressions.Regex(@"^[a-z-]+ \d+\.\d ms$"));
        }

        StringAssert.Matches(lines[^1], new System.Text.RegularExpressions.Regex(@"^peak-working-set \d+ MB$"));
        AssertOneLineError(Run("bench", "--models", TestModelPair.Directory, "--clicks", "0"), "--clicks 0: expected 1 to 1000");
    }

    [TestMethod]
    [Timeout(300_000, CooperativeCancellation = true)]
    public void WithoutAZoomBenchSaysWhatTheModelFoundThere()
    {
        // One colour: the mask at (60%, 40%) is the whole picture, so there is nothing small to look
        // closer at, and the line says so in numbers, not "nothing small" about a picture that has something.
        string image = Path.Combine(TestModelPair.NewFolder("bench-flat"), "flat.png");
        CliTests.SavePng(image, HqSam.Core.Imaging.BgraImage.Solid(320, 240, 90, 120, 150));
        (int code, string stdout, string stderr) = Run("bench", "--models", TestModelPair.Directory, "--image", image, "--clicks", "1", "--device", "cpu");
        Assert.AreEqual(0, code, stderr);
        StringAssert.Contains(stdout, "# no closer look: the mask at (60%, 40%) covers 100% of the picture, not a small object\n".ReplaceLineEndings(), stdout);
        Assert.DoesNotContain("generated picture", stdout, "a picture of the user's own has no promised disc");
    }
}
