using HqSam.Core.Models;
using HqSam.TestModels;
using HqSam.Tests.Support;

namespace HqSam.Tests.Models;

/// <summary>The downloader's refusals and its leftovers from earlier attempts, on a loopback server.</summary>
[TestClass]
public sealed class ModelDownloaderTests
{
    private static string Sha(byte[] bytes) => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes));

    [TestMethod]
    public void WhereAFileComesFromMustBeKnown()
    {
        byte[] decoder = TestModelFactory.Decoder();
        using var server = new LoopbackModelServer();
        server.Serve("d", decoder);
        var store = new ModelStore(TestModelPair.NewFolder("download-urls"));
        using var http = new HttpClient();
        var downloader = new ModelDownloader(http, store);
        ModelManifest Manifest(string? url) => new("m", "fp32", "test", [new ModelFileEntry("decoder.onnx", decoder.Length, Sha(decoder), url)]);

        Assert.AreEqual("decoder.onnx: the manifest gives no URL to download it from", Refused(() => downloader.DownloadAsync(Manifest(null), server.BaseUri)));
        Assert.AreEqual("decoder.onnx: URL 'd' is relative and the manifest was not downloaded", Refused(() => downloader.DownloadAsync(Manifest("d"), null)));
        StringAssert.StartsWith(Refused(() => downloader.DownloadAsync(Manifest("missing"), server.BaseUri)), new Uri(server.BaseUri, "missing") + ": HTTP 404");

        // An absolute URL needs no base; a relative one resolves against the manifest's.
        downloader.DownloadAsync(Manifest(new Uri(server.BaseUri, "d").ToString()), null).GetAwaiter().GetResult();
        Assert.IsEmpty(store.Verify("m"));
        downloader.DownloadAsync(Manifest("d") with { Id = "m2" }, server.BaseUri).GetAwaiter().GetResult();
        Assert.IsEmpty(store.Verify("m2"));
    }

    [TestMethod]
    public void AManifestThatCannotBeReadSaysWhere()
    {
        var store = new ModelStore(TestModelPair.NewFolder("download-manifest"));
        using var http = new HttpClient();
        var downloader = new ModelDownloader(http, store);
        string missing = Path.Combine(store.Root, "nope.json");
        Assert.AreEqual($"{missing}: file not found", Refused(() => downloader.ReadManifestAsync(missing)));

        using var server = new LoopbackModelServer();
        string url = new Uri(server.BaseUri, "model.json").ToString();
        StringAssert.StartsWith(Refused(() => downloader.ReadManifestAsync(url)), $"{url}: manifest could not be fetched (");
    }

    [TestMethod]
    public void LeftoversOfEarlierAttemptsAreUsedOrStartedOver()
    {
        byte[] decoder = TestModelFactory.Decoder();
        using var server = new LoopbackModelServer();
        server.Serve("d", decoder);
        var store = new ModelStore(TestModelPair.NewFolder("download-partials"));
        using var http = new HttpClient();
        var downloader = new ModelDownloader(http, store);
        var manifest = new ModelManifest("m", "fp32", "test", [new ModelFileEntry("decoder.onnx", decoder.Length, Sha(decoder), "d")]);
        string partial = Path.Combine(store.Root, ".downloads", "m", "decoder.onnx.partial");
        Directory.CreateDirectory(Path.GetDirectoryName(partial)!);

        // Longer than the file: not a prefix of it, so the download starts over (no range request).
        File.WriteAllBytes(partial, [.. decoder, 1, 2, 3]);
        downloader.DownloadAsync(manifest, server.BaseUri).GetAwaiter().GetResult();
        Assert.AreEqual(0, server.RangeRequests);
        CollectionAssert.AreEqual(decoder, File.ReadAllBytes(Path.Combine(store.DirectoryOf("m"), "decoder.onnx")));
        Assert.IsFalse(Directory.Exists(Path.GetDirectoryName(partial)), "the partial folder goes once installed");

        // Complete from an earlier attempt: nothing is fetched, the hash decides.
        server.Serve("d", []);
        Directory.CreateDirectory(Path.GetDirectoryName(partial)!);
        File.WriteAllBytes(partial, decoder);
        downloader.DownloadAsync(manifest with { Id = "m" }, server.BaseUri).GetAwaiter().GetResult();
        CollectionAssert.AreEqual(decoder, File.ReadAllBytes(Path.Combine(store.DirectoryOf("m"), "decoder.onnx")), "the complete partial was installed, the empty file served was never asked for");
    }

    [TestMethod]
    public void AHalfDownloadedFileResumesFromWhereItStopped()
    {
        byte[] decoder = TestModelFactory.Decoder();
        (ModelDownloader downloader, ModelStore store, LoopbackModelServer server, string partial) = WithPartial(decoder, decoder.Length / 2);
        using (server)
        {
            var reports = new List<DownloadProgress>();
            downloader.DownloadAsync(Manifest(decoder), server.BaseUri, new SyncProgress(reports.Add)).GetAwaiter().GetResult();
            Assert.AreEqual(1, server.RangeRequests);
            CollectionAssert.AreEqual(decoder, File.ReadAllBytes(Path.Combine(store.DirectoryOf("m"), "decoder.onnx")), "the half kept and the rest appended");
            Assert.IsFalse(File.Exists(partial));
            Assert.IsGreaterThan(decoder.Length / 2, reports[0].Done, "progress counts what was there before");
            Assert.AreEqual(decoder.Length, reports[^1].Done);
            Assert.IsTrue(reports.All(r => r.Total == decoder.Length && r.BytesPerSecond > 0));
        }
    }

    [TestMethod]
    public void AServerThatIgnoresTheRangeSendsTheWholeFileAndItReplacesTheHalf()
    {
        byte[] decoder = TestModelFactory.Decoder();
        (ModelDownloader downloader, ModelStore store, LoopbackModelServer server, _) = WithPartial(decoder, decoder.Length / 3);
        using (server)
        {
            server.IgnoreRanges = true;
            downloader.DownloadAsync(Manifest(decoder), server.BaseUri).GetAwaiter().GetResult();
            Assert.AreEqual(1, server.RangeRequests, "it asked for the rest");
            CollectionAssert.AreEqual(decoder, File.ReadAllBytes(Path.Combine(store.DirectoryOf("m"), "decoder.onnx")), "not the third twice");
        }
    }

    [TestMethod]
    public void AResponseShorterThanTheManifestSaysIsAnInterruptedDownload()
    {
        byte[] decoder = TestModelFactory.Decoder();
        using var server = new LoopbackModelServer();
        server.Serve("d", decoder[..100]);
        var store = new ModelStore(TestModelPair.NewFolder("download-short"));
        using var http = new HttpClient();
        string message = Refused(() => new ModelDownloader(http, store).DownloadAsync(Manifest(decoder), server.BaseUri));
        Assert.AreEqual($"decoder.onnx: download interrupted at 100 of {decoder.Length} bytes; run the same command again to resume", message);
        Assert.IsEmpty(store.List());
    }

    [TestMethod]
    public void HashesCompareWhateverTheirCaseAndAMismatchIsReportedInLowerCase()
    {
        byte[] decoder = TestModelFactory.Decoder();
        using var server = new LoopbackModelServer();
        server.Serve("d", decoder);
        var store = new ModelStore(TestModelPair.NewFolder("download-case"));
        using var http = new HttpClient();
        var downloader = new ModelDownloader(http, store);
        ModelManifest upper = Manifest(decoder) with { Files = [new ModelFileEntry("decoder.onnx", decoder.Length, Sha(decoder).ToUpperInvariant(), "d")] };
        downloader.DownloadAsync(upper, server.BaseUri).GetAwaiter().GetResult();
        Assert.IsEmpty(store.Verify("m"));

        ModelManifest wrong = Manifest(decoder) with { Id = "w", Files = [new ModelFileEntry("decoder.onnx", decoder.Length, new string('A', 64), "d")] };
        StringAssert.Contains(Refused(() => downloader.DownloadAsync(wrong, server.BaseUri)), $"decoder.onnx: SHA-256 {Sha(decoder)}, expected {new string('a', 64)}; the download was discarded");
        Assert.IsFalse(File.Exists(Path.Combine(store.Root, ".downloads", "w", "decoder.onnx.partial")), "a file failing its hash is not kept to resume");
    }

    [TestMethod]
    public void AManifestIsReadFromAFileAndOnlyHttpLocationsAreFetched()
    {
        byte[] decoder = TestModelFactory.Decoder();
        var store = new ModelStore(TestModelPair.NewFolder("download-local"));
        string file = Path.Combine(TestModelPair.NewFolder("manifest"), "model.json");
        File.WriteAllText(file, Manifest(decoder).ToJson());
        using var http = new HttpClient();
        var downloader = new ModelDownloader(http, store);
        (ModelManifest manifest, Uri? baseUri) = downloader.ReadManifestAsync(file).GetAwaiter().GetResult();
        Assert.AreEqual(("m", 1), (manifest.Id, manifest.Files.Count));
        Assert.IsNull(baseUri, "a local manifest has no base for relative URLs");

        // Another scheme is a path, not something to fetch.
        Assert.AreEqual("ftp://example.org/model.json: file not found", Refused(() => downloader.ReadManifestAsync("ftp://example.org/model.json")));
        Assert.ThrowsExactly<ArgumentNullException>(() => downloader.ReadManifestAsync(null!).GetAwaiter().GetResult());
        Assert.ThrowsExactly<ArgumentNullException>(() => downloader.DownloadAsync(null!, null).GetAwaiter().GetResult());
    }

    private static ModelManifest Manifest(byte[] decoder) => new("m", "fp32", "test", [new ModelFileEntry("decoder.onnx", decoder.Length, Sha(decoder), "d")]);

    /// <summary>A server with the decoder as <c>d</c>, and a store whose earlier attempt left the file's first <paramref name="have"/> bytes.</summary>
    private static (ModelDownloader Downloader, ModelStore Store, LoopbackModelServer Server, string Partial) WithPartial(byte[] decoder, int have)
    {
        var server = new LoopbackModelServer();
        server.Serve("d", decoder);
        var store = new ModelStore(TestModelPair.NewFolder("download-resume"));
        string partial = Path.Combine(store.Root, ".downloads", "m", "decoder.onnx.partial");
        Directory.CreateDirectory(Path.GetDirectoryName(partial)!);
        File.WriteAllBytes(partial, decoder[..have]);
        return (new ModelDownloader(new HttpClient(), store), store, server, partial);
    }

    private static string Refused(Func<Task> action) =>
        Assert.ThrowsExactly<ModelStoreException>(() => action().GetAwaiter().GetResult()).Message;
}
