using System.Diagnostics;
using HqSam.Tests.Contract;
using HqSam.Tests.Support;
using SkiaSharp;

namespace HqSam.Tests.Cli;

/// <summary>
/// README's quick start, run the way a new user runs it: the lines between its quick-start markers
/// are read from README.md and run one by one (pack, install the tool, import the analytic models,
/// first selection). Two things differ, and only these: the tool goes to a temporary folder instead of
/// <c>--global</c>, and the package folder, the model store and the cache are temporary, so the test
/// touches nothing of the machine's.
/// </summary>
[TestClass]
public sealed class QuickStartTests
{
    private const string Begin = "<!-- quick-start";
    private const string End = "<!-- /quick-start -->";

    [TestMethod]
    [Timeout(900_000, CooperativeCancellation = true)] // a Release build of three projects on 2 cores, and the package
    public void TheReadmeQuickStartInstallsHqsamAndMakesTheMainJobsMask()
    {
        if (!OperatingSystem.IsLinux())
        {
            Assert.Inconclusive("the model store is redirected with XDG_DATA_HOME, which only Linux follows");
        }

        string repo = ModelContractTests.RepositoryRoot();
        string root = TestModelPair.NewFolder("quick-start");
        string tools = Path.Combine(root, "tools"), artifacts = Path.Combine(root, "artifacts"), work = Path.Combine(root, "work");
        Windows.WindowsBuild.CopyTree(Path.Combine(repo, "samples"), Path.Combine(work, "samples"));

        string[] lines = QuickStartLines(File.ReadAllText(Path.Combine(repo, "README.md")));
        Assert.HasCount(3, lines, "install, import, select");
        foreach (string line in lines)
        {
            foreach (string command in line.Split("&&", StringSplitOptions.TrimEntries))
            {
                string[] words = command.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                string[] args = [.. words[1..].SelectMany(w => w switch
                {
                    "--global" => new[] { "--tool-path", tools },
                    "artifacts" => [artifacts],
                    _ => [w],
                })];
                (int code, string output) = words[0] switch
                {
                    // The install restores into a fresh package folder: never a HqSam.Cli 0.1.0 of an earlier run.
                    "dotnet" => Start("dotnet", args, repo, args.Contains("install") ? new() { ["NUGET_PACKAGES"] = Path.Combine(root, "packages") } : []),
                    "hqsam" => Start(Path.Combine(tools, "hqsam"), args, work, new()
                    {
                        ["XDG_DATA_HOME"] = Path.Combine(root, "data"),
                        ["HQSAM_CACHE_DIR"] = Path.Combine(root, "cache"),
                        ["HQSAM_MODELS"] = null,
                    }),
                    _ => throw new AssertFailedException($"README's quick start runs '{words[0]}': only dotnet and hqsam are expected"),
                };
                Assert.AreEqual(0, code, $"{command}: {output}");
            }
        }

        Assert.IsTrue(Directory.Exists(Path.Combine(root, "data", "HqSam", "models", "analytic")), "the import went to the (temporary) model store");

        // The same mask as the main job, which names the models folder instead of using the store's default.
        string mainJob = Path.Combine(root, "main-job.png");
        (int mainCode, _, string mainError) = CliRunner.Run("segment", "--image", Path.Combine(repo, "samples", "shapes.png"), "--models", Path.Combine(repo, "samples", "models"), "--point", "200,240", "--out", mainJob);
        Assert.AreEqual(0, mainCode, mainError);
        using SKBitmap installed = SKBitmap.Decode(Path.Combine(work, "mask.png"));
        using SKBitmap expected = SKBitmap.Decode(mainJob);
        CollectionAssert.AreEqual(expected.Bytes, installed.Bytes);
        Assert.IsTrue(installed.Bytes.Any(b => b == 255), "something is selected");
    }

    /// <summary>The command lines between the markers, comments and blank lines aside; they must be plain (no quotes, variables or pipes) so that splitting on spaces is exact.</summary>
    internal static string[] QuickStartLines(string readme)
    {
        int begin = readme.IndexOf(Begin, StringComparison.Ordinal);
        int end = readme.IndexOf(End, StringComparison.Ordinal);
        Assert.IsTrue(begin >= 0 && end > begin, "README.md has the quick-start markers");
        string[] lines = [.. readme[begin..end].Split('\n')
            .SkipWhile(l => !l.StartsWith("```", StringComparison.Ordinal)).Skip(1)
            .TakeWhile(l => !l.StartsWith("```", StringComparison.Ordinal))
            .Select(l => l.Trim())
            .Where(l => l.Length > 0 && !l.StartsWith('#'))];
        foreach (string line in lines)
        {
            Assert.IsFalse(line.IndexOfAny(['"', '\'', '$', '|', ';', '`', '#']) >= 0, $"a plain command line: {line}");
        }

        return lines;
    }

    private static (int Code, string Output) Start(string program, string[] args, string directory, Dictionary<string, string?> environment)
    {
        var start = new ProcessStartInfo(program) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = directory };
        foreach (string a in args)
        {
            start.ArgumentList.Add(a);
        }

        // No build server outlives the test (the same effect as --disable-build-servers, without changing the line).
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        start.Environment["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0";
        start.Environment["UseSharedCompilation"] = "false";
        foreach ((string name, string? value) in environment)
        {
            if (value is null)
            {
                start.Environment.Remove(name);
            }
            else
            {
                start.Environment[name] = value;
            }
        }

        using Process p = Process.Start(start)!;
        Task<string> stderr = p.StandardError.ReadToEndAsync();
        string stdout = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        return (p.ExitCode, stdout + stderr.Result);
    }
}
