using System.IO.Compression;
using HqSam.Cli;
using HqSam.Core.Models;
using HqSam.TestModels;
using HqSam.Tests.Cli;
using HqSam.Tests.Contract;
using HqSam.Tests.Support;
using static HqSam.Tests.Cli.CliRunner;

namespace HqSam.Tests.Models;

/// <summary><c>hqsam models</c> as a new user meets it: what it says, what it refuses, darktable packages and the catalog.</summary>
[TestClass]
public sealed class ModelsCommandTests
{
    private ModelStore _store = null!;
    private CliServices _services = null!;

    [TestInitialize]
    public void Setup()
    {
        _store = new ModelStore(TestModelPair.NewFolder("store"));
        _services = CliRunner.Services.WithStore(_store);
    }

    /// <summary>The command line on this test's store (and catalog).</summary>
    private (int Code, string Stdout, string Stderr) Run(params string[] args) => CliRunner.Run(_services, args);

    [TestMethod]
    public void VerifyOnAnEmptyStoreSaysSoAndHowToFixIt()
    {
        AssertOneLineError(Run("models", "verify"), $"no models installed in {_store.Root}; add one with 'hqsam models import DIR'");
    }

    [TestMethod]
    public void ImportWithoutIdSaysTheNameAndTheFirstModelBecomesTheDefault()
    {
        string first = CopyPair("first-pair");
        (int code, string stdout, string stderr) = Run("models", "import", first);
        Assert.AreEqual(0, code, stderr);
        StringAssert.Contains(stdout, "named 'first-pair' after its folder (use --id to choose)");
        StringAssert.Contains(stdout, "it is now the default model (there was none)");
        Assert.AreEqual(_store.DirectoryOf("first-pair"), _store.DefaultDirectory());

        // A second import does not take the default, and the first stays the default although the store now has two.
        (code, stdout, stderr) = Run("models", "import", CopyPair("second"), "--id", "second");
        Assert.AreEqual(0, code, stderr);
        Assert.DoesNotContain("default", stdout);
        Assert.AreEqual(_store.DirectoryOf("first-pair"), _store.DefaultDirectory());

        (code, stdout, _) = Run("models", "import", CopyPair("third"), "--id", "third", "--default");
        Assert.AreEqual(0, code);
        StringAssert.Contains(stdout, "it is now the default model");
        Assert.AreEqual(_store.DirectoryOf("third"), _store.DefaultDirectory());
    }

    [TestMethod]
    public void ImportSavesTheOptimisedGraphsAndLaterRunsStartFromThem()
    {
        var disk = new Core.Caching.EmbeddingDiskCache(TestModelPair.NewFolder("graph-cache"));
        _services = _services with { Disk = () => disk };
        (int code, string stdout, string stderr) = Run("models", "import", CopyPair("graphs"));
        Assert.AreEqual(0, code, stderr);
        StringAssert.Contains(stdout, "its optimised graph is saved in the cache for faster starts");
        Assert.HasCount(2, disk.Graphs(), "the encoder's and the decoder's");

        (string work, string image) = SceneFolder("graph-run", "scene.png");
        (code, _, stderr) = Run("segment", "-i", image, "-m", _store.DirectoryOf("graphs"), "-p", "160,120", "-o", Path.Combine(work, "mask.png"), "--verbose");
        Assert.AreEqual(0, code, stderr);
        StringAssert.Contains(stderr, "from the saved optimised graph");

        StringAssert.Contains(Run("cache", "list").Stdout, "2 optimised model graphs");
        StringAssert.Contains(Run("cache", "clear").Stdout, "and 2 optimised model graphs");
        Assert.IsEmpty(disk.Graphs());

        (code, stdout, stderr) = Run("models", "verify", "graphs");
        Assert.AreEqual(0, code, stdout + stderr);
        Assert.HasCount(2, disk.Graphs(), "verify saves them again");
    }

    [TestMethod]
    public void ListSaysWhichNetworkEachModelIsAndWhatAnEncodeTookHere()
    {
        Assert.AreEqual(0, Run("models", "import", CopyPair("hq")).Code);
        Assert.AreEqual(0, Run("models", "import", TestModelPair.WriteVariant(new TestModelOptions { PlainSam = true }), "--id", "plain").Code);
        string before = Run("models", "list").Stdout;
        StringAssert.Contains(before, "hq (default)  fp32  HQ-SAM 2.1  ");
        StringAssert.Contains(before, "plain  fp32  SAM 2.1  ");
        Assert.DoesNotContain("encode", before, "no encode measured here yet");

        // A run records what the encode took on this machine; the list shows it (the sample models take milliseconds).
        (string work, string image) = SceneFolder("list-encode", "scene.png");
        (int code, _, string stderr) = Run("segment", "-i", image, "-m", _store.DirectoryOf("plain"), "-p", "160,120", "-o", Path.Combine(work, "m.png"));
        Assert.AreEqual(0, code, stderr);
        string after = Run("models", "list").Stdout;
        StringAssert.Matches(after, new System.Text.RegularExpressions.Regex(@"plain  fp32  SAM 2\.1  [\d.]+ MiB  encode \d+ ms here  imported from "));
        Assert.DoesNotContain("encode", after.Split('\n').Single(l => l.StartsWith("hq", StringComparison.Ordinal)), "only the model that ran");
    }

    [TestMethod]
    public void AnExistingIdIsReplacedOnlyWithForce()
    {
        Assert.AreEqual(0, Run("models", "import", TestModelPair.Directory, "--id", "net", "--source", "the first").Code);
        AssertOneLineError(Run("models", "import", TestModelPair.Directory, "--id", "net", "--source", "the second"), "model 'net' is already in");
        Assert.AreEqual("the first", _store.Get("net").Source, "untouched");

        (int code, _, string stderr) = Run("models", "import", TestModelPair.Directory, "--id", "net", "--source", "the second", "--force");
        Assert.AreEqual(0, code, stderr);
        Assert.AreEqual("the second", _store.Get("net").Source);
    }

    [TestMethod]
    public void ADarktablePackageWithSymbolicOutputsIsImportedAndSegments()
    {
        // Real exports declare symbolic output dimensions; the pair is accepted and its shapes are checked by a probe decode.
        string package = Package("mask-object-sam21hq-large", new TestModelOptions { SymbolicOutputs = true }, task: "mask");
        (int code, string stdout, string stderr) = Run("models", "import", package);
        Assert.AreEqual(0, code, stderr);
        StringAssert.Contains(stdout, "mask-object-sam21hq-large: imported into");
        StringAssert.Contains(stdout, "named 'mask-object-sam21hq-large' after the package's config.json");
        StringAssert.Contains(_store.Get("mask-object-sam21hq-large").Source, "darktable package");
        Assert.IsEmpty(_store.Verify("mask-object-sam21hq-large"));
        Assert.AreEqual(0, Run("models", "verify").Code);

        string image = Path.Combine(TestModelPair.NewFolder("dt-image"), "scene.png");
        Cli.CliTests.SavePng(image, Scene.Standard().Render(320, 240));
        string mask = Path.Combine(Path.GetDirectoryName(image)!, "mask.png");
        (code, _, stderr) = Run("segment", "--image", image, "--models", _store.DirectoryOf("mask-object-sam21hq-large"), "--out", mask, "--point", "102.4,120");
        Assert.AreEqual(0, code, stderr);
        using var gray = SkiaSharp.SKBitmap.Decode(mask);
        Assert.IsGreaterThanOrEqualTo(0.95, MaskMetrics.IoU(gray.Bytes, Scene.Standard().Truth(0, 320, 240)));
    }

    [TestMethod]
    [DataRow(true)]
    [DataRow(false)]
    public void APlainSam21PackageImportsAndSegmentsWithItsBestMask(bool symbolic)
    {
        // darktable's SAM 2.1 packages: three masks, no HQ mask. Declared [1,3,...] tells the family at
        // load; symbolic dimensions by one run.
        string package = Package("mask-object-sam21-small", new TestModelOptions { PlainSam = true, SymbolicOutputs = symbolic }, task: "mask");
        (int code, string stdout, string stderr) = Run("models", "import", package);
        Assert.AreEqual(0, code, stderr);
        StringAssert.Contains(stdout, "mask-object-sam21-small: imported into");
        Assert.AreEqual(0, Run("models", "verify").Code);

        string image = Path.Combine(TestModelPair.NewFolder("dt-plain"), "scene.png");
        Cli.CliTests.SavePng(image, Scene.Standard().Render(320, 240));
        string mask = Path.Combine(Path.GetDirectoryName(image)!, "mask.png");
        string models = _store.DirectoryOf("mask-object-sam21-small");
        (code, stdout, stderr) = Run("segment", "--image", image, "--models", models, "--out", mask, "--point", "102.4,120");
        Assert.AreEqual(0, code, stderr);
        StringAssert.Contains(stdout, "(best: SAM mask 1, predicted IoU 0.80)", "without --mask a plain model selects with its best-scoring mask");

        // The HQ mask is not there to be asked for: one line, before any work, and no file.
        string hq = Path.Combine(Path.GetDirectoryName(image)!, "hq.png");
        AssertOneLineError(
            Run("segment", "--image", image, "--models", models, "--out", hq, "--point", "102.4,120", "--mask", "hq"),
            "the 'hq' mask needs an HQ-SAM model; this one is plain SAM 2.1 (three masks, no HQ mask): choose best or a mask 0-2");
        Assert.IsFalse(File.Exists(hq));
    }

    [TestMethod]
    public void ASymbolicDecoderWithTheWrongShapeFailsOnItsFirstDecodeWithTheContractLine()
    {
        // Two masks fit neither family; with symbolic dimensions only a run shows it.
        string dir = TestModelPair.WriteVariant(new TestModelOptions { KeepMasks = 2, SymbolicOutputs = true });
        string image = Path.Combine(dir, "scene.png");
        Cli.CliTests.SavePng(image, Scene.Standard().Render(64, 48));
        string line = AssertOneLineError(
            Run("segment", "--image", image, "--models", dir, "--out", Path.Combine(dir, "m.png"), "--point", "10,10"),
            "output 'low_res_masks' has shape [1,2,256,256], expected [1,4,256,256]");
        StringAssert.Contains(line, Path.Combine(dir, "decoder.onnx"));
        Assert.IsFalse(File.Exists(Path.Combine(dir, "m.png")));
    }

    [TestMethod]
    public void PackagesThatAreNotMaskModelsOrNotPackagesAreRefusedInOneLine()
    {
        AssertOneLineError(Run("models", "import", Package("denoise-nafnet", TestModelOptions.Exact, task: "denoise")), "a darktable 'denoise' model, not a mask model");

        string noConfig = Path.Combine(TestModelPair.NewFolder("pkg"), "x.dtmodel");
        using (ZipArchive zip = ZipFile.Open(noConfig, ZipArchiveMode.Create))
        {
            zip.CreateEntry("x/readme.txt");
        }

        AssertOneLineError(Run("models", "import", noConfig), "not a darktable model package (no config.json");

        string notZip = Path.Combine(TestModelPair.NewFolder("pkg"), "y.dtmodel");
        File.WriteAllText(notZip, "hello");
        AssertOneLineError(Run("models", "import", notZip), "not a darktable model package (not a zip archive");
        Assert.IsEmpty(_store.List());
    }

    [TestMethod]
    public void TheBuiltInCatalogListsTheModelAndItsFullHashAsReadmeDoes()
    {
        (int code, string stdout, _) = Run("models", "catalog");
        Assert.AreEqual(0, code);
        StringAssert.Contains(stdout, "sam21hq-large: HQ-SAM 2.1, Hiera Large");
        StringAssert.Contains(stdout, "licence: Apache-2.0");
        const string Sha = "03b8be4b4f282c3d7365715a033918d9ac67cbc597660ccc274448aa1c8cdb05";
        StringAssert.Contains(stdout, Sha);
        Assert.IsTrue(File.ReadAllText(Path.Combine(ModelContractTests.RepositoryRoot(), "README.md")).Contains(Sha, StringComparison.Ordinal), "README gives the full SHA-256");

        // Nothing pre-converted is published with a hash: download says what to do instead.
        AssertOneLineError(Run("models", "download", "sam21hq-large"), "sam21hq-large: nothing to download: no pre-converted pair");
        AssertOneLineError(Run("models", "download", "no-such-model"), "is neither a manifest file, a URL nor a catalog id (known: sam21hq-large, darktable-sam21hq-large)");
    }

    [TestMethod]
    public void ACatalogEntryWithPublishedFilesDownloadsById()
    {
        byte[] encoder = TestModelFactory.Encoder(), decoder = TestModelFactory.Decoder();
        using var server = new LoopbackModelServer();
        server.Serve("e.onnx", encoder);
        server.Serve("d.onnx", decoder);
        var manifest = new ModelManifest("served", "fp32", "loopback", [
            new ModelFileEntry("encoder.onnx", encoder.Length, Sha(encoder), new Uri(server.BaseUri, "e.onnx").ToString()),
            new ModelFileEntry("decoder.onnx", decoder.Length, Sha(decoder), new Uri(server.BaseUri, "d.onnx").ToString())]);
        _services = _services with { Catalog = () => new ModelCatalog([new CatalogEntry("served", "A served pair", "MIT", "loopback", null, "download it", manifest)]) };

        (int code, string stdout, string stderr) = Run("models", "download", "served");
        Assert.AreEqual(0, code, stderr);
        StringAssert.Contains(stdout, "served: downloaded, verified and installed");
        Assert.AreEqual(_store.DirectoryOf("served"), _store.DefaultDirectory(), "the first model is the default");
        (_, stdout, _) = Run("models", "catalog");
        StringAssert.Contains(stdout, "get it:  hqsam models download served");
    }

    private static string Sha(byte[] bytes) => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes));

    private static string CopyPair(string name)
    {
        string dir = Path.Combine(TestModelPair.NewFolder("pairs"), name);
        Directory.CreateDirectory(dir);
        foreach (string file in new[] { "encoder.onnx", "decoder.onnx" })
        {
            File.Copy(Path.Combine(TestModelPair.Directory, file), Path.Combine(dir, file));
        }

        return dir;
    }

    /// <summary>A .dtmodel as darktable lays it out: one top-level folder named after the id, config.json and the pair inside.</summary>
    private static string Package(string id, TestModelOptions options, string task)
    {
        string path = Path.Combine(TestModelPair.NewFolder("pkg"), id + ".dtmodel");
        using ZipArchive zip = ZipFile.Open(path, ZipArchiveMode.Create);
        void Add(string name, byte[] bytes)
        {
            using Stream s = zip.CreateEntry($"{id}/{name}").Open();
            s.Write(bytes);
        }

        Add("config.json", System.Text.Encoding.UTF8.GetBytes($$"""{"id":"{{id}}","name":"test","description":"test","task":"{{task}}","backend":"onnx","version":"1.0","tiling":false}"""));
        Add("encoder.onnx", TestModelFactory.Encoder(options));
        Add("decoder.onnx", TestModelFactory.Decoder(options));
        return path;
    }
}
