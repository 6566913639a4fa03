using HqSam.Core.Editing;
using HqSam.Core.Imaging;
using HqSam.TestModels;
using HqSam.Tests.Support;
using SkiaSharp;
using static HqSam.Tests.Cli.CliRunner;

namespace HqSam.Tests.Cli;

/// <summary>What a new user reads: usage instead of bare errors, help that shows values, messages that name the real problem.</summary>
[TestClass]
public sealed class CliMessageTests
{
    private static string _work = string.Empty;
    private static string _image = string.Empty;

    [ClassInitialize]
    public static void Init(TestContext context)
    {
        _ = context;
        (_work, _image) = SceneFolder("cli-msg", "scene.png");
    }

    private static string Out(string name) => FreshPath(_work, name);

    [TestMethod]
    [DataRow(new string[0], " [command] [options]")]
    [DataRow(new[] { "segment" }, " segment [options]")]
    [DataRow(new[] { "models" }, " models [command] [options]")]
    public void WithNothingToGoOnTheUsageIsShown(string[] args, string usage)
    {
        (int code, string stdout, string stderr) = Run(args);
        Assert.AreEqual(2, code);
        StringAssert.Contains(stderr, "Usage:", $"stdout: {stdout} stderr: {stderr}");
        StringAssert.Contains(stderr, usage);
        Assert.AreEqual(string.Empty, stdout);
    }

    [TestMethod]
    public void AMissingOptionPointsToHelp()
    {
        AssertOneLineError(Run("segment", "--image", _image, "--point", "1,1"), "Option '--out' is required (see 'hqsam segment --help')");
    }

    [TestMethod]
    public void HelpShowsPlaceholdersRangesAndEachDefaultOnce()
    {
        (int code, string help, _) = Run("segment", "--help");
        Assert.AreEqual(0, code);
        foreach (string expected in new[] { "--point <X,Y>", "--negative <X,Y>", "--box <X0,Y0,X1,Y1>", "--models <DIR>", "--image <FILE>", "--grow <N>", "-500 to 500", "0 to 500", "--edge-strength <0-4>", "--tolerance <PX>" })
        {
            StringAssert.Contains(help, expected);
        }

        foreach (string line in help.Split('\n'))
        {
            int defaults = System.Text.RegularExpressions.Regex.Count(line, @"\bdefault\b", System.Text.RegularExpressions.RegexOptions.IgnoreCase);
            Assert.IsLessThanOrEqualTo(1, defaults, $"a default said twice: {line}");
        }
    }

    [TestMethod]
    public void AFolderAsImageAndAFileAsModelsAreNamedForWhatTheyAre()
    {
        AssertOneLineError(Run("segment", "--image", _work, "--models", TestModelPair.Directory, "--out", Out("m.png"), "--point", "1,1"), $"{_work}: is a folder, not an image file");
        string file = Path.Combine(TestModelPair.Directory, "encoder.onnx");
        AssertOneLineError(Run("segment", "--image", _image, "--models", file, "--out", Out("m.png"), "--point", "1,1"), $"{file}: given as --models, but it is a file, not a model folder");
    }

    [TestMethod]
    public void SwappedFilesAreSaidToBeSwappedInAShortLineWithThePath()
    {
        string dir = TestModelPair.NewFolder("swapped");
        File.Copy(Path.Combine(TestModelPair.Directory, "encoder.onnx"), Path.Combine(dir, "decoder.onnx"));
        File.Copy(Path.Combine(TestModelPair.Directory, "decoder.onnx"), Path.Combine(dir, "encoder.onnx"));
        string line = AssertOneLineError(Run("segment", "--image", _image, "--models", dir, "--out", Out("m.png"), "--point", "1,1"), "swapped?");
        StringAssert.Contains(line, Path.Combine(dir, "encoder.onnx") + ": this is a decoder");
        Assert.IsLessThan(200 + dir.Length, line.Length, line);
    }

    [TestMethod]
    public void VerboseGivesTheDecoderItsOwnReason()
    {
        (int code, _, string stderr) = Run("segment", "--image", _image, "--models", TestModelPair.Directory, "--out", Out("m.png"), "--point", "1,1", "--verbose");
        Assert.AreEqual(0, code, stderr);
        StringAssert.Contains(stderr, "decoder: CPU (by design: the decoder is light");
        Assert.DoesNotContain("decoder: CPU (this ONNX Runtime build has no CUDA", stderr);
    }

    [TestMethod]
    [DataRow("hq", "(hq: the HQ mask, channel 3)")]
    [DataRow("best", "(best: SAM mask 1, predicted IoU 0.80)")]
    [DataRow("hq+best", "(hq+best: the HQ mask plus SAM mask 1)")]
    [DataRow("2", "(channel 2)")]
    public void TheReportSaysWhichMaskInTheWordsOfMask(string mask, string expected)
    {
        (int code, string stdout, string stderr) = Run("segment", "--image", _image, "--models", TestModelPair.Directory, "--out", Out("m.png"), "--point", "102.4,120", "--mask", mask);
        Assert.AreEqual(0, code, stderr);
        StringAssert.EndsWith(stdout.TrimEnd(), expected);
    }

    [TestMethod]
    public void TheOverlayTintContrastsWithABlueObject()
    {
        // A blue disc on gray: the usual blue tint would hide it.
        const int W = 200, H = 160;
        var pixels = new byte[W * H * 4];
        var truth = new byte[W * H];
        for (int y = 0; y < H; y++)
        {
            for (int x = 0; x < W; x++)
            {
                bool inside = ((x - 100) * (x - 100)) + ((y - 80) * (y - 80)) < 40 * 40;
                int i = ((y * W) + x) * 4;
                (pixels[i], pixels[i + 1], pixels[i + 2], pixels[i + 3]) = inside ? ((byte)230, (byte)120, (byte)20, (byte)255) : ((byte)128, (byte)128, (byte)128, (byte)255);
                truth[(y * W) + x] = inside ? (byte)255 : (byte)0;
            }
        }

        var image = new BgraImage(W, H, pixels);
        TintColour tint = TintColour.Contrasting(image, truth);
        Assert.AreNotEqual(TintColour.Default, tint, "not blue on blue");
        Assert.IsLessThan(128, (int)tint.B, "a tint far from the object's blue");

        string path = Out("blue.png"), overlay = Out("overlay.png");
        CliTests.SavePng(path, image);
        (int code, _, string stderr) = Run("segment", "--image", path, "--models", TestModelPair.Directory, "--out", Out("m.png"), "--point", "100,80", "--overlay", overlay);
        Assert.AreEqual(0, code, stderr);
        using SKBitmap drawn = SKBitmap.Decode(overlay);
        SKColor[] all = drawn.Pixels;
        Assert.IsGreaterThan(100, all.Count(c => c == new SKColor(tint.R, tint.G, tint.B)), "the edge is drawn in the contrasting tint");
        Assert.AreEqual(0, all.Count(c => c == new SKColor(TintColour.Default.R, TintColour.Default.G, TintColour.Default.B)), "not in the usual blue");

        // A red object keeps the usual blue.
        Assert.AreEqual(TintColour.Default, TintColour.FarthestFrom(215, 40, 35));
    }
}
