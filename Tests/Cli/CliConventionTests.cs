using System.CommandLine;
using HqSam.Cli;
using HqSam.Core.Caching;
using HqSam.Tests.Support;
using static HqSam.Tests.Cli.CliRunner;

namespace HqSam.Tests.Cli;

/// <summary>
/// What users of command-line tools expect: short options, help with examples, exit codes and
/// environment variables, "did you mean", a progress line on a terminal only, and word of where an
/// embedding came from.
/// </summary>
[TestClass]
public sealed class CliConventionTests
{
    private static string _work = string.Empty;
    private static string _image = string.Empty;

    [ClassInitialize]
    public static void Init(TestContext context)
    {
        _ = context;
        (_work, _image) = SceneFolder("cli-conventions", "scene.png");
    }

    [TestMethod]
    public void ShortOptionsDoWhatTheLongOnesDo()
    {
        string shortMask = FreshPath(_work, "short.png"), longMask = FreshPath(_work, "long.png");
        (int code, _, string stderr) = Run("segment", "-i", _image, "-m", TestModelPair.Directory, "-p", "102.4,120", "-n", "250,200", "-b", "40,40,170,200", "-o", shortMask);
        Assert.AreEqual(0, code, stderr);
        (code, _, stderr) = Run("segment", "--image", _image, "--models", TestModelPair.Directory, "--point", "102.4,120", "--negative", "250,200", "--box", "40,40,170,200", "--out", longMask);
        Assert.AreEqual(0, code, stderr);
        CollectionAssert.AreEqual(File.ReadAllBytes(longMask), File.ReadAllBytes(shortMask));

        string selection = FreshPath(_work, "sel.json");
        (code, _, stderr) = Run("selection", "-i", shortMask, "-o", selection);
        Assert.AreEqual(0, code, stderr);
        StringAssert.StartsWith(File.ReadAllText(selection), "{\"polygonList\":");
    }

    [TestMethod]
    public void EveryExampleInTheHelpIsACommandLineThatParses()
    {
        (RootCommand root, _) = HqSamCli.Create(TextWriter.Null, TextWriter.Null, new TerminalProgress(TextWriter.Null, TimeProvider.System), CliServices.ForUser);
        foreach (string example in HelpText.AllExamples)
        {
            // Split as a shell would (an --object group is one quoted word), by System.CommandLine's own splitter.
            string[] words = [.. System.CommandLine.Parsing.CommandLineParser.SplitCommandLine(example)];
            Assert.AreEqual("hqsam", words[0]);
            ParseResult parsed = root.Parse(words[1..]);
            Assert.IsEmpty(parsed.Errors, $"{example}: {string.Join("; ", parsed.Errors.Select(e => e.Message))}");
        }
    }

    [TestMethod]
    [DataRow(new string[] { "--help" })]
    [DataRow(new[] { "segment", "--help" })]
    public void HelpEndsWithExamplesExitCodesAndEnvironmentVariables(string[] args)
    {
        (int code, string help, _) = Run(args);
        Assert.AreEqual(0, code);
        foreach (string section in new[] { "Examples:", "  hqsam segment -i photo.jpg -p 640,360 -o mask.png", "Exit codes:", "  2  a bad argument", "Environment variables:", "HQSAM_MODELS", "HQSAM_CACHE_DIR", "HQSAM_CACHE_MB" })
        {
            StringAssert.Contains(help, section);
        }
    }

    [TestMethod]
    public void TheListOfCommandsMarksAnOptionalArgumentAsOptional()
    {
        (int code, string help, _) = Run("models", "--help");
        Assert.AreEqual(0, code);
        StringAssert.Contains(help, "  verify [<ID|DIR>]  ");
        StringAssert.Contains(help, "  import <DIR|FILE.dtmodel>  ");
        StringAssert.Contains(help, "  remove <ID>  ");

        // The column still lines up: every description starts where import's does.
        string[] rows = [.. help.Split('\n').Where(l => l.StartsWith("  verify", StringComparison.Ordinal) || l.StartsWith("  import", StringComparison.Ordinal))];
        Assert.AreEqual(rows[0].IndexOf("Check", StringComparison.Ordinal), rows[1].IndexOf("Copy", StringComparison.Ordinal));
        StringAssert.Contains(Run("models", "verify", "--help").Stdout, "models verify [<ID|DIR>]");
    }

    [TestMethod]
    [DataRow(new[] { "segmnet", "-i", "x.png" }, "'segmnet' is not a command of 'hqsam'; did you mean 'hqsam segment'? (see 'hqsam --help')")]
    [DataRow(new[] { "seg" }, "did you mean 'hqsam segment'?")]
    [DataRow(new[] { "models", "verfy" }, "'verfy' is not a command of 'hqsam models'; did you mean 'hqsam models verify'? (see 'hqsam models --help')")]
    [DataRow(new[] { "paint" }, "'paint' is not a command of 'hqsam' (commands: segment, selection, models, bench, cache; see 'hqsam --help')")]
    [DataRow(new[] { "segment", "--ponit", "1,1" }, "'--ponit' is not an option of 'hqsam segment'; did you mean '--point'? (see 'hqsam segment --help')")]
    [DataRow(new[] { "bench", "--quite" }, "did you mean '--quiet'?")]
    public void AMistypedNameGetsTheNearestOne(string[] args, string expected)
    {
        AssertOneLineError(Run(args), expected);
    }

    [TestMethod]
    public void OnATerminalLongWorkShowsAProgressLineThatLeavesNoTrace()
    {
        var history = new StageHistory(Path.Combine(TestModelPair.NewFolder("history"), StageHistory.FileName));
        CliServices services = CliRunner.Services with { History = () => history };
        string[] args = ["segment", "-i", _image, "-m", TestModelPair.Directory, "-p", "102.4,120", "-o", FreshPath(_work, "m.png")];
        (int code, string stderr) = RunOnTerminal(args, services);
        Assert.AreEqual(0, code, stderr);
        StringAssert.Contains(stderr, "\rloading the model: ");
        Assert.AreEqual(string.Empty, VisibleAtTheEnd(stderr), "the line is blanked when the work is done");

        // The second run knows what loading took the first time.
        (code, stderr) = RunOnTerminal(args, services);
        Assert.AreEqual(0, code, stderr);
        StringAssert.Matches(stderr, new System.Text.RegularExpressions.Regex(@"\rloading the model: \d+\.\d s \(usually about \d+ s\)"));
        Assert.IsNotNull(history.Usual(StageHistory.Encode, TestModelPair.Directory, "auto"), "the encode was recorded");

        (code, stderr) = RunOnTerminal([.. args, "--quiet"], services);
        Assert.AreEqual(0, code, stderr);
        Assert.AreEqual(string.Empty, stderr, "--quiet: no progress line");

        // Not a terminal (a log, a pipe): nothing either.
        using var stdout = new StringWriter();
        using var log = new StringWriter();
        Assert.AreEqual(0, HqSamCli.Run(args, stdout, log, stderrIsTerminal: false, new ImpatientTime(), services));
        Assert.AreEqual(string.Empty, log.ToString());
    }

    [TestMethod]
    public void TimingsAndVerboseSayWhenTheEmbeddingCameFromTheDiskCache()
    {
        string folder = TestModelPair.NewFolder("cli-cache");
        CliServices services = CliRunner.Services with { Disk = () => new EmbeddingDiskCache(folder) };
        string[] args = ["segment", "-i", _image, "-m", TestModelPair.Directory, "-p", "102.4,120", "-o", FreshPath(_work, "c.png"), "--timings", "--verbose"];
        (int code, _, string first) = Run(services, args);
        Assert.AreEqual(0, code, first);
        Assert.DoesNotContain("disk cache", first, "encoded: " + first);
        StringAssert.Contains(first, "encode ");

        (code, _, string second) = Run(services, args);
        Assert.AreEqual(0, code, second);
        StringAssert.Contains(second, $"hqsam: the embedding came from the disk cache ({folder}): no encode");
        StringAssert.Contains(second, "# embedding from the disk cache: no preprocess, no encode");
    }

    private static (int Code, string Stderr) RunOnTerminal(string[] args, CliServices services)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        int code = HqSamCli.Run(args, stdout, stderr, stderrIsTerminal: true, new ImpatientTime(), services);
        return (code, stderr.ToString());
    }

    /// <summary>What a terminal shows once the output has been drawn: the text after the last carriage return, trailing blanks aside.</summary>
    private static string VisibleAtTheEnd(string written) => written[(written.LastIndexOf('\r') + 1)..].TrimEnd(' ');

    /// <summary>
    /// Time whose timers fire once as they are made, then as real timers would: the test's steps are
    /// far shorter than the one-second rule, and each of them draws its line at least once.
    /// </summary>
    private sealed class ImpatientTime : TimeProvider
    {
        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            callback(state);
            return base.CreateTimer(callback, state, dueTime, period);
        }
    }
}
