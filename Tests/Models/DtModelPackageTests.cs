using System.IO.Compression;
using System.Text;
using HqSam.Core.Models;
using HqSam.Tests.Support;

namespace HqSam.Tests.Models;

/// <summary>darktable's packages read directly: where config.json may be, what it names, what is extracted, and each malformed package's one line.</summary>
[TestClass]
public sealed class DtModelPackageTests
{
    [TestMethod]
    public void ThePackagesDescriptionComesFromItsConfig()
    {
        string path = Zip("a.dtmodel", ("mask-object/config.json", """{"id":"mask-object","name":"Objects","task":"mask","version":"2.1"}"""), ("mask-object/encoder.onnx", "E"));
        DtModelPackage package = DtModelPackage.Open(path);
        Assert.AreEqual((path, "mask-object", "Objects", "mask", "2.1"), (package.Path, package.Id, package.Name, package.Task, package.Version));
    }

    [TestMethod]
    public void WithoutAnIdTheTopLevelFolderNamesItAndFieldsThatAreNotTextAreLeftOut()
    {
        DtModelPackage inFolder = DtModelPackage.Open(Zip("b.dtmodel", ("from-folder/config.json", """{"id":"","name":7,"version":null}""")));
        Assert.AreEqual(("from-folder", null, null, null), (inFolder.Id, inFolder.Name, inFolder.Task, inFolder.Version));

        // config.json at the archive's root: the id must come from it; a document that is not an object names nothing.
        Assert.AreEqual("at-root", DtModelPackage.Open(Zip("c.zip", ("config.json", """{"id":"at-root"}"""))).Id);
        Assert.AreEqual(string.Empty, DtModelPackage.Open(Zip("d.zip", ("config.json", "[1, 2]"))).Id);
    }

    [TestMethod]
    public void AConfigInASubfolderOrInTwoFoldersIsNotAPackage()
    {
        foreach (string path in new[]
        {
            Zip("deep.dtmodel", ("a/b/config.json", "{}")),
            Zip("two.dtmodel", ("a/config.json", "{}"), ("b/config.json", "{}")),
        })
        {
            StringAssert.Contains(Assert.ThrowsExactly<ModelStoreException>(() => DtModelPackage.Open(path)).Message, $"{path}: not a darktable model package (no config.json in its top-level folder)");
        }
    }

    [TestMethod]
    public void MalformedPackagesAreOneLineNamingTheFile()
    {
        string json = Zip("json.dtmodel", ("m/config.json", "{ not json"));
        string message = Assert.ThrowsExactly<ModelStoreException>(() => DtModelPackage.Open(json)).Message;
        StringAssert.StartsWith(message, $"{json}: m/config.json is not valid JSON (");
        Assert.IsFalse(message.Contains('\n', StringComparison.Ordinal), message);

        string missing = Path.Combine(TestModelPair.NewFolder("dtmodel"), "none.dtmodel");
        StringAssert.StartsWith(Assert.ThrowsExactly<ModelStoreException>(() => DtModelPackage.Open(missing)).Message, $"{missing}: cannot be read (");

        string folder = TestModelPair.NewFolder("dtmodel");
        StringAssert.StartsWith(Assert.ThrowsExactly<ModelStoreException>(() => DtModelPackage.Open(folder)).Message, $"{folder}: cannot be read (");
    }

    [TestMethod]
    public void OnlyTheNamedFilesAreExtractedAndAMissingOneNamesWhatTheArchiveHolds()
    {
        string path = Zip("e.dtmodel", ("m/config.json", "{}"), ("m/encoder.onnx", "encoder"), ("m/decoder.onnx", "decoder"), ("m/readme.txt", "x"), ("m/sub/", null));
        DtModelPackage package = DtModelPackage.Open(path);
        string target = TestModelPair.NewFolder("dtmodel-out");
        package.ExtractTo(target, ["encoder.onnx", "decoder.onnx"]);
        CollectionAssert.AreEquivalent(new[] { "encoder.onnx", "decoder.onnx" }, Directory.GetFiles(target).Select(Path.GetFileName).ToArray());
        Assert.AreEqual("decoder", File.ReadAllText(Path.Combine(target, "decoder.onnx")));

        string other = TestModelPair.NewFolder("dtmodel-out");
        string message = Assert.ThrowsExactly<ModelStoreException>(() => package.ExtractTo(other, ["weights.onnx"])).Message;
        Assert.AreEqual($"{path}: has no weights.onnx; it holds m/config.json, m/encoder.onnx, m/decoder.onnx, m/readme.txt", message, "folders are not listed");
        Assert.ThrowsExactly<ArgumentNullException>(() => package.ExtractTo(other, null!));

        // A file already there is never overwritten.
        Assert.ThrowsExactly<IOException>(() => package.ExtractTo(target, ["encoder.onnx"]));
    }

    [TestMethod]
    public void AZipOrPackageFileLooksLikeAPackageAndAFolderOrOtherFileDoesNot()
    {
        string folder = TestModelPair.NewFolder("dtmodel-looks");
        string package = Zip("f.DTMODEL", ("config.json", "{}")), zip = Zip("g.Zip", ("config.json", "{}"));
        string text = Path.Combine(folder, "h.onnx");
        File.WriteAllText(text, "x");
        Assert.IsTrue(DtModelPackage.LooksLikePackage(package));
        Assert.IsTrue(DtModelPackage.LooksLikePackage(zip));
        Assert.IsFalse(DtModelPackage.LooksLikePackage(text));
        Assert.IsFalse(DtModelPackage.LooksLikePackage(Path.Combine(folder, "missing.dtmodel")));
        Directory.CreateDirectory(Path.Combine(folder, "folder.dtmodel"));
        Assert.IsFalse(DtModelPackage.LooksLikePackage(Path.Combine(folder, "folder.dtmodel")));
    }

    private static string Zip(string name, params (string Entry, string? Text)[] entries)
    {
        string path = Path.Combine(TestModelPair.NewFolder("dtmodel"), name);
        using ZipArchive zip = ZipFile.Open(path, ZipArchiveMode.Create);
        foreach ((string entry, string? text) in entries)
        {
            ZipArchiveEntry e = zip.CreateEntry(entry);
            if (text is not null)
            {
                using Stream s = e.Open();
                s.Write(Encoding.UTF8.GetBytes(text));
            }
        }

        return path;
    }
}
