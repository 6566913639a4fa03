using HqSam.Cli;
using HqSam.Core.Caching;
using HqSam.Core.Contract;
using HqSam.Core.Imaging;
using HqSam.Core.Pipeline;
using HqSam.Core.Prompts;
using HqSam.Tests.Cli;
using HqSam.Tests.Support;
using static HqSam.Tests.Cli.CliRunner;

namespace HqSam.Tests.Caching;

/// <summary>Embeddings on disk: reused after a restart, never decoded when damaged, bounded, safe with two processes.</summary>
[TestClass]
[DoNotParallelize] // one test sets HQSAM_CACHE_MB for the process
public sealed class EmbeddingDiskCacheTests
{
    private static readonly BgraImage Image = Scene.Standard().Render(200, 150);
    private static readonly SegmentationPrompt Click = new([new PointPrompt(64, 75)]);

    [TestMethod]
    public void AnImageEncodedBeforeARestartIsNotEncodedAgain()
    {
        string folder = TestModelPair.NewFolder("disk-cache");
        using var first = new CountingModel(TestModelPair.Model);
        SegmentationResult before = new SamPredictor(first, new EmbeddingCache(disk: new EmbeddingDiskCache(folder))).Segment(Image, Click);
        Assert.AreEqual(1, first.Encodes);

        // A new process: new memory cache, new predictor, the same folder.
        using var second = new CountingModel(TestModelPair.Model);
        SegmentationResult after = new SamPredictor(second, new EmbeddingCache(disk: new EmbeddingDiskCache(folder))).Segment(Image, Click);
        Assert.AreEqual(0, second.Encodes, "read from disk");
        CollectionAssert.AreEqual(before.Mask.ToArray(), after.Mask.ToArray());
        CollectionAssert.AreEqual(before.LowResLogits, after.LowResLogits, "the embedding came back bit for bit");
    }

    [TestMethod]
    public void AnotherModelOrAnotherImageIsAMiss()
    {
        var disk = new EmbeddingDiskCache(TestModelPair.NewFolder("disk-cache"));
        ImageEmbedding embedding = Embed(Image);
        var key = EmbeddingKey.For(Image, TestModelPair.Model.Identity);
        disk.Save(key, embedding);
        Assert.IsTrue(disk.TryLoad(key, out _));
        Assert.IsFalse(disk.TryLoad(key with { ModelIdentity = "another model" }, out _));
        Assert.IsFalse(disk.TryLoad(key with { ContentHash = key.ContentHash + 1 }, out _));
    }

    [TestMethod]
    [DataRow("payload")]
    [DataRow("checksum")]
    [DataRow("identity")]
    [DataRow("truncated")]
    [DataRow("magic")]
    public void ADamagedEntryIsDeletedAndNeverDecoded(string damage)
    {
        var disk = new EmbeddingDiskCache(TestModelPair.NewFolder("disk-cache"));
        var key = EmbeddingKey.For(Image, TestModelPair.Model.Identity);
        disk.Save(key, Embed(Image));
        string path = disk.PathOf(key);
        byte[] bytes = File.ReadAllBytes(path);
        int identityLength = BitConverter.ToInt32(bytes, 40);
        switch (damage)
        {
            case "payload": bytes[^1000] ^= 0x10; break; // one bit in the features
            case "checksum": bytes[44 + identityLength] ^= 0x01; break;
            case "identity": bytes[44] ^= 0x20; break;
            case "truncated": Array.Resize(ref bytes, bytes.Length - 4); break;
            default: bytes[0] = (byte)'X'; break;
        }

        File.WriteAllBytes(path, bytes);
        Assert.IsFalse(disk.TryLoad(key, out _), damage);
        Assert.IsFalse(File.Exists(path), "a damaged entry is removed, so the next encode replaces it");

        // Through the cache: the damaged entry costs an encode, and the fresh one is written back.
        using var counting = new CountingModel(TestModelPair.Model);
        new SamPredictor(counting, new EmbeddingCache(disk: disk)).Segment(Image, Click);
        Assert.AreEqual(1, counting.Encodes);
        Assert.IsTrue(disk.TryLoad(key, out _));
    }

    [TestMethod]
    public void TheFolderStaysWithinItsBudgetDroppingTheLeastRecentlyUsed()
    {
        long entry = EntrySize();
        var disk = new EmbeddingDiskCache(TestModelPair.NewFolder("disk-cache"), budgetBytes: (entry * 2) + (entry / 2));
        ImageEmbedding embedding = Embed(Image);
        EmbeddingKey[] keys = [.. Enumerable.Range(1, 3).Select(i => new EmbeddingKey((UInt128)i, "model"))];

        disk.Save(keys[0], embedding);
        File.SetLastWriteTimeUtc(disk.PathOf(keys[0]), DateTime.UtcNow.AddMinutes(-3));
        disk.Save(keys[1], embedding);
        File.SetLastWriteTimeUtc(disk.PathOf(keys[1]), DateTime.UtcNow.AddMinutes(-2));
        Assert.IsTrue(disk.TryLoad(keys[0], out _), "a hit makes the oldest the most recent");
        disk.Save(keys[2], embedding);

        CollectionAssert.AreEquivalent(new[] { keys[0], keys[2] }, disk.List().Select(e => e.Key).ToArray(), "the least recently used went");
        Assert.IsTrue(disk.List().Sum(e => e.SizeInBytes) <= disk.BudgetBytes);
    }

    [TestMethod]
    public void TwoHqsamProcessesSharingTheFolderGetTheirMasksRight()
    {
        // Real processes (the built hqsam), two at a time over one folder, with a budget of two entries
        // for three images: writes, reads and evictions of one process under the other's feet. A half
        // entry read, or an entry of another image, would show as a wrong mask.
        string folder = TestModelPair.NewFolder("disk-cache-processes");
        string work = TestModelPair.NewFolder("disk-cache-images");
        string[] images = [.. new[] { (320, 240), (300, 220), (280, 200) }.Select((size, i) =>
        {
            string path = Path.Combine(work, $"scene{i}.png");
            HqSam.Tests.Cli.CliTests.SavePng(path, Scene.Standard().Render(size.Item1, size.Item2));
            return path;
        })];
        byte[][] expected = [.. images.Select(image =>
        {
            string output = FreshPath(work, "reference.png");
            (int code, _, string stderr) = Run(Segment(image, output)); // in-process, cache off (TestModelPair)
            Assert.AreEqual(0, code, stderr);
            return File.ReadAllBytes(output);
        })];
        long budgetMb = (EntrySize() * 5 / 2) >> 20;

        var failures = new System.Collections.Concurrent.ConcurrentBag<string>();
        Parallel.For(0, 2, new ParallelOptions { MaxDegreeOfParallelism = 2 }, worker =>
        {
            for (int i = 0; i < 4; i++)
            {
                int image = (worker + i) % images.Length;
                string output = FreshPath(work, $"w{worker}-{i}.png");
                (int code, string stderr) = Hqsam(folder, budgetMb, Segment(images[image], output));
                if (code != 0 || !File.ReadAllBytes(output).AsSpan().SequenceEqual(expected[image]))
                {
                    failures.Add($"worker {worker}, run {i}, image {image}: exit {code} {stderr}".Trim());
                }
            }
        });

        Assert.IsEmpty(failures, string.Join("\n", failures));
        Assert.IsEmpty(Directory.GetFiles(folder, "*.tmp"), "no temporary file left behind");
        Assert.IsLessThanOrEqualTo(2, new EmbeddingDiskCache(folder).List().Count, "the budget held across processes");

        // After the contention the folder still serves: a third process reads what a fourth wrote.
        Assert.AreEqual(0, Hqsam(folder, budgetMb, Segment(images[0], FreshPath(work, "again.png"))).Code);
        (int last, string timings) = Hqsam(folder, budgetMb, Segment(images[0], FreshPath(work, "hit.png")));
        Assert.AreEqual(0, last, timings);
        Assert.IsFalse(timings.Split('\n').Any(line => line.TrimStart().StartsWith("encode", StringComparison.Ordinal)), "read from the folder, not encoded: " + timings);
    }

    private static string[] Segment(string image, string output) =>
        ["segment", "--image", image, "--models", TestModelPair.Directory, "--point", "102.4,120", "--timings", "--out", output];

    /// <summary>The built hqsam as a process of its own, with the given cache folder and budget.</summary>
    private static (int Code, string Stderr) Hqsam(string cacheFolder, long budgetMb, string[] args)
    {
        var start = new System.Diagnostics.ProcessStartInfo(Path.Combine(AppContext.BaseDirectory, OperatingSystem.IsWindows() ? "hqsam.exe" : "hqsam"))
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment[EmbeddingDiskCache.DirectoryVariable] = cacheFolder;
        start.Environment[EmbeddingDiskCache.BudgetVariable] = budgetMb.ToString(System.Globalization.CultureInfo.InvariantCulture);
        using var process = System.Diagnostics.Process.Start(start)!;
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        string stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        _ = stdout.Result;
        return (process.ExitCode, stderr);
    }

    [TestMethod]
    public void TwoCacheInstancesWritingAndReadingTheSameEntriesNeverSeeHalfAnEntry()
    {
        string folder = TestModelPair.NewFolder("disk-cache");
        ImageEmbedding embedding = Embed(Image);
        EmbeddingKey[] keys = [.. Enumerable.Range(1, 3).Select(i => new EmbeddingKey((UInt128)i, "model"))];
        int loads = 0;

        // Separate instances in one process, many more operations than processes allow (the test above
        // runs real processes): nothing is shared but the folder.
        Parallel.For(0, 8, new ParallelOptions { MaxDegreeOfParallelism = 4 }, worker =>
        {
            var disk = new EmbeddingDiskCache(folder, budgetBytes: EntrySize() * 2);
            for (int i = 0; i < 12; i++)
            {
                EmbeddingKey key = keys[(worker + i) % keys.Length];
                if (worker % 2 == 0)
                {
                    disk.Save(key, embedding);
                }
                else if (disk.TryLoad(key, out ImageEmbedding loaded))
                {
                    CollectionAssert.AreEqual(embedding.ImageEmbed, loaded.ImageEmbed);
                    CollectionAssert.AreEqual(embedding.HighResFeats0, loaded.HighResFeats0);
                    Interlocked.Increment(ref loads);
                }
            }
        });

        Assert.IsTrue(loads > 0, "readers found entries");
        Assert.IsEmpty(Directory.GetFiles(folder, "*.tmp"), "no temporary file left behind");
        Assert.IsTrue(new EmbeddingDiskCache(folder).List().Count <= 2, "the budget held under contention");
    }

    [TestMethod]
    public void TheCliReusesTheCacheAcrossRunsAndListsAndClearsIt()
    {
        var disk = new EmbeddingDiskCache(TestModelPair.NewFolder("disk-cache"));
        CliServices services = CliRunner.Services with { Disk = () => disk };
        (string work, string image) = SceneFolder("cli-cache", "scene.png");
        string[] args = ["segment", "--image", image, "--models", TestModelPair.Directory, "--point", "160,120", "--timings"];
        (int code, _, string stderr) = Run(services, [.. args, "--out", FreshPath(work, "a.png")]);
        Assert.AreEqual(0, code, stderr);
        StringAssert.Contains(stderr, "encode");

        (code, _, stderr) = Run(services, [.. args, "--out", FreshPath(work, "b.png")]);
        Assert.AreEqual(0, code, stderr);
        Assert.IsFalse(stderr.Split('\n').Any(line => line.TrimStart().StartsWith("encode", StringComparison.Ordinal)), "the second run reads the embedding: " + stderr);

        string listed = Run(services, "cache", "list").Stdout;
        StringAssert.Contains(listed, "1 embeddings, 0 optimised model graphs, 16.0 MiB of 2048 MiB, in " + disk.Directory);
        StringAssert.Contains(listed, $"model {TestModelPair.Model.Identity[..12]}");

        StringAssert.Contains(Run(services, "cache", "clear").Stdout, $"removed 1 embeddings and 0 optimised model graphs (16.0 MiB) from {disk.Directory}");
        StringAssert.Contains(Run(services, "cache", "list").Stdout, "0 embeddings");

        StringAssert.Contains(Run(CliRunner.Services with { Disk = () => null }, "cache", "list").Stdout, "the embedding cache is off (HQSAM_CACHE_MB=0)");
    }

    [TestMethod]
    public void AMalformedBudgetIsOneLineNamingTheVariable()
    {
        string? before = Environment.GetEnvironmentVariable(EmbeddingDiskCache.BudgetVariable);
        Environment.SetEnvironmentVariable(EmbeddingDiskCache.BudgetVariable, "lots");
        try
        {
            AssertOneLineError(Run("cache", "list"), "HQSAM_CACHE_MB=lots: expected a size in MB (0 turns the embedding cache off)");
        }
        finally
        {
            Environment.SetEnvironmentVariable(EmbeddingDiskCache.BudgetVariable, before);
        }
    }

    private static ImageEmbedding Embed(BgraImage image) => new SamPredictor(TestModelPair.Model, new EmbeddingCache()).GetEmbedding(image);

    private static long EntrySize()
    {
        var disk = new EmbeddingDiskCache(TestModelPair.NewFolder("disk-cache-size"));
        var key = new EmbeddingKey(0, "model");
        disk.Save(key, Embed(Image));
        return new FileInfo(disk.PathOf(key)).Length;
    }
}
