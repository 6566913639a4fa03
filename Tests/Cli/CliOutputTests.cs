using HqSam.Tests.Support;
using SkiaSharp;
using static HqSam.Tests.Cli.CliRunner;

namespace HqSam.Tests.Cli;

/// <summary>
/// What <c>hqsam</c> writes: never over one of its inputs or another output of the same run (whatever
/// the spelling or link), and always in the format the file's extension names.
/// </summary>
[TestClass]
public sealed class CliOutputTests
{
    private static string _work = string.Empty;
    private static string _image = string.Empty;
    private static byte[] _imageBytes = [];

    [ClassInitialize]
    public static void Init(TestContext context)
    {
        _ = context;
        (_work, _image) = SceneFolder("cli-out", "photo.png");
        _imageBytes = File.ReadAllBytes(_image);
    }

    private static string[] Segment(params string[] more) =>
        ["segment", "--image", _image, "--models", TestModelPair.Directory, "--point", "102.4,120", .. more];

    private static string Out(string name) => FreshPath(_work, name);

    private static void AssertPhotoUntouched() => CollectionAssert.AreEqual(_imageBytes, File.ReadAllBytes(_image), "the input photo is unchanged");

    [TestMethod]
    [DataRow("--out")]
    [DataRow("--cutout")]
    [DataRow("--overlay")]
    public void AnOutputOnTheInputImageIsRefusedAndNothingIsWritten(string option)
    {
        string mask = Out("m.png");
        string[] args = option == "--out" ? Segment("--out", _image) : Segment("--out", mask, option, _image);
        AssertOneLineError(Run(args), $"{option} {_image}: is the --image file");
        AssertPhotoUntouched();
        Assert.IsFalse(File.Exists(mask), "no other output either");
    }

    [TestMethod]
    public void ADifferentSpellingOfTheInputIsTheSameFile()
    {
        string dotted = Path.Combine(_work, "..", Path.GetFileName(_work), ".", "photo.png");
        AssertOneLineError(Run(Segment("--out", dotted)), "is the same file as --image");
        AssertPhotoUntouched();
    }

    [TestMethod]
    public void ASymbolicLinkToTheInputIsRefused()
    {
        string link = Out("link.png");
        File.CreateSymbolicLink(link, _image);
        AssertOneLineError(Run(Segment("--out", link)), "is the same file as --image");
        AssertPhotoUntouched();
    }

    [TestMethod]
    public void AHardLinkToTheInputIsRefused()
    {
        if (!OperatingSystem.IsLinux())
        {
            Assert.Inconclusive("hard links are made with ln here");
        }

        string link = Out("hard.png");
        using (var ln = System.Diagnostics.Process.Start("ln", [_image, link]))
        {
            ln.WaitForExit();
            Assert.AreEqual(0, ln.ExitCode);
        }

        AssertOneLineError(Run(Segment("--out", link)), "is the same file as --image");
        AssertPhotoUntouched();
    }

    [TestMethod]
    public void TwoOutputsOnOneFileAreRefusedBeforeAnythingIsWritten()
    {
        string mask = Out("same.png");
        AssertOneLineError(Run(Segment("--out", mask, "--overlay", mask)), $"--overlay {mask}: is also the --out file");
        Assert.IsFalse(File.Exists(mask));

        // Another spelling of the same file, given as the selection: refused, and neither is written.
        AssertOneLineError(Run(Segment("--out", mask, "--selection", Path.Combine(_work, ".", Path.GetFileName(mask)))), "is also the --out file");
        Assert.IsFalse(File.Exists(mask));
    }

    [TestMethod]
    public void AnUnwritableFolderIsFoundBeforeTheModelIsLoaded()
    {
        if (!OperatingSystem.IsLinux())
        {
            Assert.Inconclusive("uses /proc, where no one (root included) can create a file");
        }

        // The models folder does not exist either: the output is checked first, and named as given.
        string line = AssertOneLineError(
            Run("segment", "--image", _image, "--models", Out("no-models"), "--point", "102.4,120", "--out", "/proc/mask.png"),
            "--out /proc/mask.png: cannot write in /proc (files cannot be created there); nothing was done");
        Assert.DoesNotContain("probe", line, "the user's file is named, not ours");
        AssertPhotoUntouched();
    }

    [TestMethod]
    public void TwoOutputsThroughALinkedParentFolderAreRefused()
    {
        // real/sub/m.png and link/sub/m.png with link -> real are one file: the link is an ancestor of
        // the output's folder, not the folder itself.
        string real = Out("real");
        Directory.CreateDirectory(Path.Combine(real, "sub"));
        string link = Out("link");
        Directory.CreateSymbolicLink(link, real);
        string mask = Path.Combine(real, "sub", "m.png");
        string overlay = Path.Combine(link, "sub", "m.png");
        AssertOneLineError(Run(Segment("--out", mask, "--overlay", overlay)), $"--overlay {overlay}: is also the --out file");
        Assert.IsFalse(File.Exists(mask), "nothing was written");
    }

    [TestMethod]
    public void LinkedAncestorsResolveWhereNoNativeIdentityIs()
    {
        // The path walk used where the folder has no native identity (Windows, macOS): every linked
        // component, a link inside a link's target, a relative link, a component that does not exist.
        string real = Out("walk-real");
        Directory.CreateDirectory(Path.Combine(real, "a", "b"));
        string outer = Out("walk-outer");
        Directory.CreateSymbolicLink(outer, real);
        Directory.CreateSymbolicLink(Path.Combine(real, "a", "inner"), "b");
        string expected = Path.Combine(real, "a", "b", "missing");
        Assert.AreEqual(expected, HqSam.Cli.FileIdentity.ResolveLinks(Path.Combine(outer, "a", "inner", "missing")));
        Assert.AreEqual(Path.Combine(real, "a"), HqSam.Cli.FileIdentity.ResolveLinks(Path.Combine(real, "a")), "no link: unchanged");

        string loop = Out("walk-loop");
        Directory.CreateSymbolicLink(loop, loop);
        Assert.AreEqual(Path.Combine(loop, "x"), HqSam.Cli.FileIdentity.ResolveLinks(Path.Combine(loop, "x")), "a loop is compared as written");
    }

    [TestMethod]
    public void TheSelectionCommandNeverWritesOverItsMask()
    {
        string mask = Out("mask.png");
        Assert.AreEqual(0, Run(Segment("--out", mask)).Code);
        byte[] before = File.ReadAllBytes(mask);
        AssertOneLineError(Run("selection", "--image", mask, "--out", mask), "is the --image file");
        CollectionAssert.AreEqual(before, File.ReadAllBytes(mask));
    }

    [TestMethod]
    public void EachOutputIsWrittenInTheFormatItsExtensionNames()
    {
        string png = Out("m.png"), jpg = Out("m.jpg"), jpeg = Out("o.JPEG"), webp = Out("c.webp"), overlay = Out("o.webp");
        Assert.AreEqual(0, Run(Segment("--out", png)).Code);
        (int code, _, string stderr) = Run(Segment("--out", jpg, "--overlay", jpeg, "--cutout", webp));
        Assert.AreEqual(0, code, stderr);
        Assert.AreEqual(0, Run(Segment("--out", Out("x.png"), "--overlay", overlay)).Code);

        Assert.AreEqual(SKEncodedImageFormat.Png, FormatOf(png));
        Assert.AreEqual(SKEncodedImageFormat.Jpeg, FormatOf(jpg));
        Assert.AreEqual(SKEncodedImageFormat.Jpeg, FormatOf(jpeg));
        Assert.AreEqual(SKEncodedImageFormat.Webp, FormatOf(webp));
        Assert.AreEqual(SKEncodedImageFormat.Webp, FormatOf(overlay));

        // The JPEG mask is the PNG mask up to compression at its edge; the lossless WebP cut-out keeps
        // the object's pixels and the transparent background exactly.
        byte[] exact = Decode(png, SKColorType.Gray8);
        byte[] lossy = Decode(jpg, SKColorType.Gray8);
        Assert.AreEqual(exact.Length, lossy.Length);
        Assert.IsGreaterThanOrEqualTo(0.99, MaskMetrics.IoU(exact, [.. lossy.Select(v => v >= 128 ? (byte)255 : (byte)0)]));
        using SKBitmap cut = SKBitmap.Decode(webp);
        Assert.AreEqual(0, cut.GetPixel(3, 3).Alpha, "background transparent");
        Assert.AreEqual(new SKColor(215, 40, 35), cut.GetPixel(102, 120), "the object exactly");
    }

    [TestMethod]
    [DataRow("--out", "m.bmp", "BMP cannot be written")]
    [DataRow("--out", "m.tiff", "cannot write '.tiff' images; use .png, .jpg or .webp")]
    [DataRow("--out", "mask", "no file extension")]
    [DataRow("--cutout", "c.jpg", "JPEG has no transparency")]
    public void AnUnwritableFormatIsRefusedBeforeAnyWork(string option, string name, string expected)
    {
        string path = Out(name);
        string[] args = option == "--out" ? Segment("--out", path) : Segment("--out", Out("m.png"), option, path);
        AssertOneLineError(Run(args), $"{option} {path}: {expected}");
        Assert.IsFalse(File.Exists(path));
    }

    [TestMethod]
    [DataRow("--edge-strength", "9", "--edge-strength 9: expected 0 to 4")]
    [DataRow("--zoom", "maybe", "--zoom 'maybe': expected auto, on or off")]
    [DataRow("--remove-specks", "-5", "--remove-specks -5: expected 0 to 100000000 pixels")]
    public void AnOptionOutOfRangeIsRefusedBeforeTheImageIsRead(string option, string value, string expected)
    {
        // The image does not exist: had it been read first, that would be the error.
        string missing = Path.Combine(TestModelPair.NewFolder("no-image"), "missing.png");
        AssertOneLineError(Run("segment", "-i", missing, "-m", TestModelPair.Directory, "-p", "1,1", "-o", Out("m.png"), option, value), expected);
    }

    [TestMethod]
    public void AFolderAsOutputIsRefused()
    {
        string folder = CreateFolder("out.png");
        AssertOneLineError(Run(Segment("--out", folder)), $"--out {folder}: is a folder; give a file name");
    }

    private static string CreateFolder(string name)
    {
        string dir = Out(name);
        Directory.CreateDirectory(dir);
        return dir;
    }

    private static SKEncodedImageFormat FormatOf(string path)
    {
        using SKCodec codec = SKCodec.Create(path);
        return codec.EncodedFormat;
    }

    private static byte[] Decode(string path, SKColorType type)
    {
        using SKBitmap decoded = SKBitmap.Decode(path);
        using SKBitmap converted = decoded.Copy(type);
        return converted.Bytes;
    }
}
