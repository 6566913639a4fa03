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

    private static string Refused(Func<Task> action) =>
        Assert.ThrowsExactly<ModelStoreException>(() => action().GetAwaiter().GetResult()).Message;
}
