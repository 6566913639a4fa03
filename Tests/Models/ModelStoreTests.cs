using HqSam.Cli;
using HqSam.Cli.Commands;
using HqSam.Core.Models;
using HqSam.TestModels;
using HqSam.Tests.Support;

namespace HqSam.Tests.Models;

/// <summary>The model store, its downloader on loopback, and <c>hqsam models</c>.</summary>
[TestClass]
public sealed class ModelStoreTests
{
    private static string Sha(byte[] bytes) => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes));

    /// <summary>A loopback server with the pair under files/, and its manifest as model.json when asked.</summary>
    private static LoopbackModelServer ServeModel(byte[] encoder, byte[] decoder, bool withManifest)
    {
        var server = new LoopbackModelServer();
        server.Serve("files/encoder.onnx", encoder);
        server.Serve("files/decoder.onnx", decoder);
        if (withManifest)
        {
            server.Serve("model.json", System.Text.Encoding.UTF8.GetBytes(ManifestFor("net", encoder, decoder).ToJson()));
        }

        return server;
    }

    private static ModelManifest ManifestFor(string id, byte[] encoder, byte[] decoder, string? encoderSha = null) => new(
        id, "fp32", "test",
        [new ModelFileEntry("encoder.onnx", encoder.Length, encoderSha ?? Sha(encoder), "files/encoder.onnx"), new ModelFileEntry("decoder.onnx", decoder.Length, Sha(decoder), "files/decoder.onnx")]);

    [TestMethod]
    public void ImportVerifyListRemove()
    {
        var store = new ModelStore(TestModelPair.NewFolder("store"));
        ModelManifest m = store.Import(TestModelPair.Directory, "analytic");
        Assert.AreEqual(2, m.Files.Count);
        Assert.IsEmpty(store.Verify("analytic"));
        Assert.AreEqual("analytic", store.List().Single().Id);
        Assert.AreEqual(store.DirectoryOf("analytic"), store.DefaultDirectory(), "the only model is the default");

        // A damaged file is found, by size and by hash.
        string encoder = Path.Combine(store.DirectoryOf("analytic"), "encoder.onnx");
        byte[] bytes = File.ReadAllBytes(encoder);
        bytes[100] ^= 0xFF;
        File.WriteAllBytes(encoder, bytes);
        StringAssert.Contains(store.Verify("analytic").Single(), "encoder.onnx: SHA-256 ");
        File.WriteAllBytes(encoder, bytes[..50]);
        StringAssert.Contains(store.Verify("analytic").Single(), "50 bytes, expected");

        store.Remove("analytic");
        Assert.IsEmpty(store.List());
        Assert.ThrowsExactly<ModelStoreException>(() => store.Remove("analytic"));
        Assert.ThrowsExactly<ModelStoreException>(() => store.Import(TestModelPair.Directory, "../escape"));
    }

    [TestMethod]
    [DataRow("a", true)]
    [DataRow("sam2.1_hq-large", true)]
    [DataRow("x.y", true)]
    [DataRow("console", true)]
    [DataRow("com10", true)]
    [DataRow("com", true)]
    [DataRow("comx", true)]
    [DataRow("lpt1x", true)]
    [DataRow("aux-model", true)]
    [DataRow(".hidden", false)]
    [DataRow("", false)]
    [DataRow("  ", false)]
    [DataRow("a/b", false)]
    [DataRow("a b", false)]
    [DataRow("modèle", false)]
    public void ModelIdsAreNamesAFolderCanSafelyHave(string id, bool accepted)
    {
        if (accepted)
        {
            ModelStore.CheckId(id);
            return;
        }

        var e = Assert.ThrowsExactly<ModelStoreException>(() => ModelStore.CheckId(id));
        Assert.AreEqual($"model id '{id}': use letters, digits, '-', '_' and '.' only", e.Message);
    }

    [TestMethod]
    [DataRow("x.", "model id 'x.': must not end with '.' (Windows drops it from folder names)")]
    [DataRow("con", "model id 'con': 'CON' is a device name on Windows, not a folder")]
    [DataRow("Nul.model", "model id 'Nul.model': 'NUL' is a device name on Windows, not a folder")]
    [DataRow("com7", "model id 'com7': 'COM7' is a device name on Windows, not a folder")]
    [DataRow("lpt1", "model id 'lpt1': 'LPT1' is a device name on Windows, not a folder")]
    [DataRow("lpt9.x", "model id 'lpt9.x': 'LPT9' is a device name on Windows, not a folder")]
    [DataRow("com0", "model id 'com0': 'COM0' is a device name on Windows, not a folder")]
    [DataRow("prn", "model id 'prn': 'PRN' is a device name on Windows, not a folder")]
    [DataRow("Aux.x", "model id 'Aux.x': 'AUX' is a device name on Windows, not a folder")]
    public void IdsWindowsCannotKeepAsFoldersAreRefusedEverywhere(string id, string message)
    {
        Assert.AreEqual(message, Assert.ThrowsExactly<ModelStoreException>(() => ModelStore.CheckId(id)).Message);
    }

    [TestMethod]
    public void IdsAreAtMostAHundredCharacters()
    {
        ModelStore.CheckId(new string('m', 100));
        Assert.ThrowsExactly<ModelStoreException>(() => ModelStore.CheckId(new string('m', 101)));
    }

    [TestMethod]
    public void TheListIsInNameOrderAndLeavesOutHiddenAndHalfMadeFolders()
    {
        var store = new ModelStore(TestModelPair.NewFolder("store-list"));
        store.Import(TestModelPair.Directory, "b-model");
        store.Import(TestModelPair.Directory, "A-model");
        store.Import(TestModelPair.Directory, "a-model");
        Directory.CreateDirectory(Path.Combine(store.Root, ".staging-x"));
        File.Copy(Path.Combine(store.DirectoryOf("a-model"), ModelManifest.FileName), Path.Combine(store.Root, ".staging-x", ModelManifest.FileName));
        Directory.CreateDirectory(Path.Combine(store.Root, "no-manifest"));
        CollectionAssert.AreEqual(new[] { "A-model", "a-model", "b-model" }, store.List().Select(m => m.Id).ToArray());
        Assert.IsNull(store.DefaultDirectory(), "three models and no default chosen: none is the default");

        // The default pointer: only a model that exists counts, and removing that model clears it.
        Assert.IsFalse(store.HasDefaultPointer());
        store.SetDefault("b-model");
        Assert.IsTrue(store.HasDefaultPointer());
        Assert.AreEqual(store.DirectoryOf("b-model"), store.DefaultDirectory());
        store.Remove("a-model");
        Assert.IsTrue(store.HasDefaultPointer(), "removing another model keeps the default");
        store.Remove("b-model");
        Assert.IsFalse(store.HasDefaultPointer());
        Assert.IsFalse(File.Exists(Path.Combine(store.Root, "default.txt")), "the pointer went with its model");
        File.WriteAllText(Path.Combine(store.Root, "default.txt"), "  \n");
        Assert.IsFalse(store.HasDefaultPointer(), "a blank pointer");
    }

    [TestMethod]
    public void DownloadResumesAfterADroppedConnectionAndInstallsWhenVerified()
    {
        (byte[] encoder, byte[] decoder) = (TestModelFactory.Encoder(), TestModelFactory.Decoder());
        using LoopbackModelServer server = ServeModel(encoder, decoder, withManifest: true);
        var store = new ModelStore(TestModelPair.NewFolder("store"));
        using var http = new HttpClient();
        var downloader = new ModelDownloader(http, store);
        (ModelManifest manifest, Uri? baseUri) = downloader.ReadManifestAsync(new Uri(server.BaseUri, "model.json").ToString()).GetAwaiter().GetResult();

        server.DropNext(1);
        var e = Assert.ThrowsExactly<ModelStoreException>(() => downloader.DownloadAsync(manifest, baseUri).GetAwaiter().GetResult());
        StringAssert.Contains(e.Message, "download interrupted at");
        StringAssert.Contains(e.Message, " bytes (", "the reason the connection gave");
        StringAssert.Contains(e.Message, "run the same command again to resume");
        Assert.IsEmpty(store.List(), "nothing installed from a broken download");

        var reports = new List<DownloadProgress>();
        downloader.DownloadAsync(manifest, baseUri, new SyncProgress(reports.Add)).GetAwaiter().GetResult();
        Assert.IsGreaterThanOrEqualTo(1, server.RangeRequests, "the second attempt resumed with a range request");
        Assert.IsEmpty(store.Verify("net"));
        CollectionAssert.AreEqual(encoder, File.ReadAllBytes(Path.Combine(store.DirectoryOf("net"), "encoder.onnx")));
        Assert.IsTrue(reports.Any(r => r.File == "decoder.onnx" && r.Done == decoder.Length && r.Total == decoder.Length));
        Assert.IsTrue(reports.All(r => r.BytesPerSecond > 0));
    }

    [TestMethod]
    public void AWrongHashIsDiscardedAndNeverReplacesAGoodModel()
    {
        byte[] encoder = TestModelFactory.Encoder(), decoder = TestModelFactory.Decoder();
        var store = new ModelStore(TestModelPair.NewFolder("store"));
        store.Import(TestModelPair.Directory, "net");
        using LoopbackModelServer server = ServeModel(encoder, decoder, withManifest: false);
        using var http = new HttpClient();
        var bad = ManifestFor("net", encoder, decoder, encoderSha: new string('0', 64));
        var e = Assert.ThrowsExactly<ModelStoreException>(() => new ModelDownloader(http, store).DownloadAsync(bad, server.BaseUri).GetAwaiter().GetResult());
        StringAssert.Contains(e.Message, "encoder.onnx: SHA-256 ");
        StringAssert.Contains(e.Message, "expected 0000");
        StringAssert.Contains(e.Message, "nothing was installed");
        Assert.IsEmpty(store.Verify("net"), "the installed model is intact");
        StringAssert.StartsWith(store.Get("net").Source, "imported from", "still the model that was there");
    }

    [TestMethod]
    public void ModelsCommandsWorkEndToEnd()
    {
        var store = new ModelStore(TestModelPair.NewFolder("store"));
        (int code, string stdout, string stderr) = Run(store, "models", "list");
        Assert.AreEqual(0, code, stderr);
        StringAssert.Contains(stdout, "no models in");

        (code, stdout, stderr) = Run(store, "models", "import", TestModelPair.Directory, "--id", "analytic", "--default");
        Assert.AreEqual(0, code, stderr);
        (code, stdout, _) = Run(store, "models", "list");
        StringAssert.Contains(stdout, "analytic (default)  fp32");
        (code, stdout, _) = Run(store, "models", "verify");
        Assert.AreEqual(0, code);
        Assert.AreEqual("analytic: OK", stdout.Trim());

        // A contract break is refused before anything is copied.
        string broken = TestModelPair.WriteVariant(new TestModelOptions { Rename = new Dictionary<string, string> { ["masks"] = "mask" } });
        (code, _, stderr) = Run(store, "models", "import", broken, "--id", "broken");
        Assert.AreEqual(2, code);
        StringAssert.Contains(stderr, "output 'masks' missing");
        Assert.HasCount(1, store.List());

        (code, _, _) = Run(store, "models", "remove", "analytic");
        Assert.AreEqual(0, code);
        (code, _, stderr) = Run(store, "models", "remove", "analytic");
        Assert.AreEqual(2, code);
        StringAssert.Contains(stderr, "no model 'analytic'");
    }

    [TestMethod]
    public void DownloadCommandShowsProgressAndInstalls()
    {
        (byte[] encoder, byte[] decoder) = (TestModelFactory.Encoder(), TestModelFactory.Decoder());
        using LoopbackModelServer server = ServeModel(encoder, decoder, withManifest: true);
        var store = new ModelStore(TestModelPair.NewFolder("store"));

        // On a terminal: the bar is drawn on stderr (in a log it is not: see the progress tests).
        using var stdoutWriter = new StringWriter();
        using var stderrWriter = new StringWriter();
        int code = HqSam.Cli.HqSamCli.Run(["models", "download", new Uri(server.BaseUri, "model.json").ToString(), "--default"], stdoutWriter, stderrWriter, stderrIsTerminal: true, TimeProvider.System, HqSam.Tests.Cli.CliRunner.Services.WithStore(store));
        (string stdout, string stderr) = (stdoutWriter.ToString(), stderrWriter.ToString());
        Assert.AreEqual(0, code, stderr);
        StringAssert.Contains(stdout, "net: downloaded, verified and installed");
        StringAssert.Matches(stderr, new System.Text.RegularExpressions.Regex(@"\rdecoder\.onnx \[#+\.*\] [\d.]+/[\d.]+ MiB [\d.]+ MiB/s ETA"));
        Assert.AreEqual(string.Empty, stderr[(stderr.LastIndexOf('\r') + 1)..].Trim(' '), "the bar is blanked at the end");
        Assert.AreEqual(store.DirectoryOf("net"), store.DefaultDirectory());
    }

    private static (int Code, string Stdout, string Stderr) Run(ModelStore store, params string[] args) => HqSam.Tests.Cli.CliRunner.Run(HqSam.Tests.Cli.CliRunner.Services.WithStore(store), args);
}

[TestClass]
public sealed class ModelLocatorTests
{
    [TestMethod]
    public void AMissingModelSaysWhereItLookedAndWhatFixesIt()
    {
        if (ModelStore.ForUser().DefaultDirectory() is not null)
        {
            Assert.Inconclusive("this machine has a default model installed");
        }

        string beside = TestModelPair.NewFolder("no-models-here");
        if (Environment.GetEnvironmentVariable("HQSAM_MODELS") is not null)
        {
            Assert.Inconclusive("HQSAM_MODELS is set on this machine");
        }

        var e = Assert.ThrowsExactly<HqSam.Core.Contract.ModelFileException>(() => HqSam.Interop.Onnx.ModelLocator.Find(HqSam.Cli.Commands.ModelsCommand.HowToGetAModel, beside));
        StringAssert.Contains(e.Message, Path.Combine(beside, "models"));
        StringAssert.Contains(e.Message, "hqsam models import DIR");
        StringAssert.Contains(e.Message, "HQSAM_MODELS is not set");
        StringAssert.Contains(e.Message, "has no default model");
        StringAssert.Contains(e.Message, "README 'Getting the model'");
        Assert.DoesNotContain("install.ps1", e.Message, "the CLI's own fix; the plugin's names its installer too");
        StringAssert.EndsWith(
            Assert.ThrowsExactly<HqSam.Core.Contract.ModelFileException>(() => HqSam.Interop.Onnx.ModelLocator.Find(HqSam.Plugin.ModelHost.HowToGetAModel, beside)).Message,
            "this folder has none, and the model store " + HqSam.Core.Models.ModelStore.ForUser().Root + " has no default model; run 'hqsam models import DIR' (a folder with the pair) or install.ps1 -ModelPath DIR; README 'Getting the model' says how to make one");
        Assert.DoesNotContain('\n', e.Message);

        // A models folder beside the tool is found.
        HqSam.TestModels.TestModelFactory.WritePair(Path.Combine(beside, "models"));
        Assert.AreEqual(Path.Combine(beside, "models"), HqSam.Interop.Onnx.ModelLocator.Find(HqSam.Cli.Commands.ModelsCommand.HowToGetAModel, beside));
    }

    [TestMethod]
    public void HqsamModelsNamingNoPairIsAnErrorNotAFallback()
    {
        // A usable model beside the tool must not stand in for the one the variable names.
        string beside = TestModelPair.NewFolder("models-beside");
        HqSam.TestModels.TestModelFactory.WritePair(Path.Combine(beside, "models"));
        var store = new ModelStore(TestModelPair.NewFolder("empty-store"));

        string missing = Path.Combine(beside, "no-such-folder");
        var e = Assert.ThrowsExactly<HqSam.Core.Contract.ModelFileException>(() => HqSam.Interop.Onnx.ModelLocator.Find(missing, beside, store, "fix"));
        Assert.AreEqual($"{missing}: named by HQSAM_MODELS, but there is no such folder; point HQSAM_MODELS at a folder with the pair, or unset it to use the model store's default", e.Message);

        string empty = TestModelPair.NewFolder("models-empty");
        e = Assert.ThrowsExactly<HqSam.Core.Contract.ModelFileException>(() => HqSam.Interop.Onnx.ModelLocator.Find(empty, beside, store, "fix"));
        StringAssert.Contains(e.Message, "named by HQSAM_MODELS, but it holds no encoder.onnx and decoder.onnx pair");

        // Set to a folder with the pair, it wins over the one beside the tool.
        string named = TestModelPair.NewFolder("models-named");
        HqSam.TestModels.TestModelFactory.WritePair(named);
        Assert.AreEqual(named, HqSam.Interop.Onnx.ModelLocator.Find(named, beside, store, "fix"));
        Assert.AreEqual(Path.Combine(beside, "models"), HqSam.Interop.Onnx.ModelLocator.Find(null, beside, store, "fix"), "unset: the next place");
    }
}
