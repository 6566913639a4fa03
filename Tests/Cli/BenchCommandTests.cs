using HqSam.Tests.Support;
using static HqSam.Tests.Cli.CliRunner;

namespace HqSam.Tests.Cli;

/// <summary><c>hqsam bench</c> on the analytic test models: every stage a user needs to judge their machine, one line each.</summary>
[TestClass]
public sealed class BenchCommandTests
{
    [TestMethod]
    [Timeout(300_000, CooperativeCancellation = true)]
    public void BenchReportsEveryStageAndACloserLook()
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
}
