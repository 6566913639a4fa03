using HqSam.Cli;

namespace HqSam.Tests.Cli;

/// <summary>Runs <c>hqsam</c> in-process with its real parsing, and captures what it prints.</summary>
internal static class CliRunner
{
    public static (int Code, string Stdout, string Stderr) Run(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        int code = HqSamCli.Run(args, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }

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
