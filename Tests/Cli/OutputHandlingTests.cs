using HqSam.Cli;
using HqSam.Cli.Imaging;
using HqSam.Tests.Support;
using SkiaSharp;

namespace HqSam.Tests.Cli;

/// <summary>
/// The pieces that keep a user's files safe, one at a time: the atomic writer, the output formats and
/// file identity (the whole command's behaviour is in CliOutputTests). Written for the mutants Stryker
/// found unkilled in Cli/ (docs/mutation-testing.md).
/// </summary>
[TestClass]
public sealed class OutputHandlingTests
{
    [TestMethod]
    public void TheOldFileStaysWholeUntilTheNewOneIsCompleteThenIsReplaced()
    {
        string path = Path.Combine(TestModelPair.NewFolder("output-file"), "mask.png");
        File.WriteAllText(path, "old");
        OutputFile.Write(path, stream =>
        {
            Assert.AreEqual("old", File.ReadAllText(path), "written beside, not over, the user's file");
            stream.Write("new"u8);
        });
        Assert.AreEqual("new", File.ReadAllText(path));
        Assert.HasCount(1, Directory.GetFiles(Path.GetDirectoryName(path)!), "no temporary file left");
    }

    [TestMethod]
    public void AFolderThatIsNotThereIsNamedAndNothingIsCreated()
    {
        string folder = Path.Combine(TestModelPair.NewFolder("output-file"), "gone");
        string path = Path.Combine(folder, "mask.png");
        var e = Assert.ThrowsExactly<UsageException>(() => OutputFile.Write(path, _ => Assert.Fail("nothing is written")));
        Assert.AreEqual($"{path}: folder does not exist", e.Message);
        Assert.IsFalse(Directory.Exists(folder));
    }

    [TestMethod]
    public void AFailedMoveLeavesNoTemporaryFileAndNamesOnlyTheUsersFile()
    {
        // A folder where the file should go: the temporary file is written, the move onto it fails.
        string folder = TestModelPair.NewFolder("output-file");
        string path = Path.Combine(folder, "mask.png");
        Directory.CreateDirectory(path);
        var e = Assert.ThrowsExactly<UsageException>(() => OutputFile.Write(path, stream => stream.Write("new"u8)));
        StringAssert.StartsWith(e.Message, $"{path}: cannot write (");
        Assert.DoesNotContain(".partial", e.Message);
        Assert.IsEmpty(Directory.GetFiles(folder), "the temporary file is gone");
    }

    [TestMethod]
    public void ReasonsAreInTheUsersTerms()
    {
        Assert.AreEqual("permission denied", OutputFile.Reason(new UnauthorizedAccessException("Access to '/x/m.png.partial' is denied."), "/x/m.png.partial", "m.png"));
        Assert.AreEqual("files cannot be created there", OutputFile.Reason(new DirectoryNotFoundException("no such folder"), "/proc/m.png.partial", "m.png"));
        Assert.AreEqual("disk full writing m.png", OutputFile.Reason(new IOException("disk full writing /x/m.png.partial"), "/x/m.png.partial", "m.png"));
        Assert.AreEqual("two lines", OutputFile.Reason(new IOException("two\nlines"), "/x/m.png.partial", "m.png"));
    }

    [TestMethod]
    [DataRow("m.png", "PNG", true)]
    [DataRow("m.JPG", "JPEG", false)]
    [DataRow("m.jpeg", "JPEG", false)]
    [DataRow("m.webp", "WebP", true)]
    public void EachExtensionNamesItsFormat(string file, string name, bool alpha)
    {
        ImageOutputFormat format = ImageOutputFormat.ForPath("--out", file, needsAlpha: false);
        Assert.AreEqual((name, alpha), (format.ToString(), format.HasAlpha));
        Assert.ThrowsExactly<ArgumentNullException>(() => format.Encode(null!));
    }

    [TestMethod]
    public void EncodedBytesAreTheNamedFormat()
    {
        using var bitmap = new SKBitmap(new SKImageInfo(8, 8, SKColorType.Gray8));
        using SKPixmap pixmap = bitmap.PeekPixels();
        foreach ((string file, SKEncodedImageFormat expected) in new[] { ("m.png", SKEncodedImageFormat.Png), ("m.jpg", SKEncodedImageFormat.Jpeg), ("m.webp", SKEncodedImageFormat.Webp) })
        {
            using SKData data = ImageOutputFormat.ForPath("--out", file, needsAlpha: false).Encode(pixmap)!;
            using var codec = SKCodec.Create(data);
            Assert.AreEqual(expected, codec.EncodedFormat, file);
        }
    }

    [TestMethod]
    public void FilesNotYetWrittenAreToldApartByFolderAndExactName()
    {
        string a = TestModelPair.NewFolder("identity"), b = TestModelPair.NewFolder("identity");
        Assert.AreNotEqual(FileIdentity.Of(Path.Combine(a, "m.png")), FileIdentity.Of(Path.Combine(b, "m.png")), "same name, other folder");
        Assert.AreEqual(FileIdentity.Of(Path.Combine(a, "m.png")), FileIdentity.Of(Path.Combine(a, ".", "m.png")), "the same file spelt twice");
        Assert.AreEqual(FileIdentity.Of(Path.Combine(a, "x", "..", "m.png")), FileIdentity.Of(Path.Combine(a, "m.png")));
        if (OperatingSystem.IsLinux())
        {
            Assert.AreNotEqual(FileIdentity.Of(Path.Combine(a, "m.png")), FileIdentity.Of(Path.Combine(a, "M.png")), "Linux names are case-sensitive");
        }

        // In folders that do not exist yet either: compared by path, links resolved.
        Assert.AreNotEqual(FileIdentity.Of(Path.Combine(a, "new", "m.png")), FileIdentity.Of(Path.Combine(b, "new", "m.png")));
    }

    [TestMethod]
    public void LinkedAncestorsResolveToWhatTheyPointTo()
    {
        string root = TestModelPair.NewFolder("identity-links");
        string real = Path.Combine(root, "real");
        Directory.CreateDirectory(Path.Combine(real, "sub"));
        Directory.CreateSymbolicLink(Path.Combine(root, "link"), real);
        Directory.CreateSymbolicLink(Path.Combine(root, "link2"), Path.Combine(root, "link"));
        Assert.AreEqual(Path.Combine(real, "sub", "later"), FileIdentity.ResolveLinks(Path.Combine(root, "link", "sub", "later")));
        Assert.AreEqual(Path.Combine(real, "sub"), FileIdentity.ResolveLinks(Path.Combine(root, "link2", "sub")), "a link to a link");
        Assert.AreEqual(Path.Combine(root, "plain", "x"), FileIdentity.ResolveLinks(Path.Combine(root, "plain", "x")), "no links: as written");
    }
}
