using HqSam.Core;
using HqSam.Core.Caching;
using HqSam.Core.Contract;
using HqSam.Core.Imaging;
using HqSam.Tests.Support;

namespace HqSam.Tests.Caching;

/// <summary>
/// The disk cache's rules one by one, without a model: what an entry holds, where the folder is, what
/// listing, clearing and trimming count and keep, what a key's file name depends on, and which files
/// the listing passes over.
/// </summary>
[TestClass]
[DoNotParallelize] // the folder and budget tests set process-wide environment variables
public sealed class EmbeddingDiskCacheRulesTests
{
    [TestMethod]
    public void AnEntryComesBackWithEachOfItsThreeTensorsAsTheyWere()
    {
        var disk = new EmbeddingDiskCache(TestModelPair.NewFolder("disk-rules"));
        ImageEmbedding saved = Random(1);
        var key = new EmbeddingKey(42, "model");
        disk.Save(key, saved);

        Assert.IsTrue(disk.TryLoad(key, out ImageEmbedding loaded));
        CollectionAssert.AreEqual(saved.HighResFeats0, loaded.HighResFeats0, "high_res_feats_0");
        CollectionAssert.AreEqual(saved.HighResFeats1, loaded.HighResFeats1, "high_res_feats_1");
        CollectionAssert.AreEqual(saved.ImageEmbed, loaded.ImageEmbed, "image_embed");
    }

    [TestMethod]
    public void TheLatestSaveOfAnEntryIsTheOneKept()
    {
        var disk = new EmbeddingDiskCache(TestModelPair.NewFolder("disk-rules"));
        var key = new EmbeddingKey(4, "model");
        disk.Save(key, Random(1));
        ImageEmbedding second = Random(2);
        disk.Save(key, second);
        Assert.IsTrue(disk.TryLoad(key, out ImageEmbedding loaded));
        CollectionAssert.AreEqual(second.ImageEmbed, loaded.ImageEmbed);
        Assert.HasCount(1, disk.List());
    }

    [TestMethod]
    public void SavingMakesTheFolderAndAFolderThatIsNotThereHoldsNothing()
    {
        string folder = Path.Combine(TestModelPair.NewFolder("disk-rules"), "not", "yet");
        var disk = new EmbeddingDiskCache(folder);
        Assert.IsFalse(disk.TryLoad(new EmbeddingKey(1, "model"), out _), "no folder: a miss");
        Assert.IsEmpty(disk.List());
        Assert.IsEmpty(disk.Graphs());
        Assert.AreEqual((0, 0, 0L), disk.Clear());
        disk.Trim();

        disk.Save(new EmbeddingKey(1, "model"), Random(2));
        Assert.IsTrue(disk.TryLoad(new EmbeddingKey(1, "model"), out _));
    }

    [TestMethod]
    public void AnEntryThatCannotBeWrittenLeavesNoTemporaryFileAndNoError()
    {
        // A folder standing where the entry's file goes: the rename fails (IOException) after the write.
        string folder = TestModelPair.NewFolder("disk-rules");
        var disk = new EmbeddingDiskCache(folder);
        var key = new EmbeddingKey(3, "model");
        Directory.CreateDirectory(disk.PathOf(key));
        File.WriteAllText(Path.Combine(disk.PathOf(key), "occupied"), "x");

        disk.Save(key, Random(3));
        Assert.IsFalse(disk.TryLoad(key, out _));
        CollectionAssert.AreEqual(new[] { Path.GetFileName(disk.PathOf(key)) }, Directory.GetFileSystemEntries(folder).Select(Path.GetFileName).ToArray(), "only what was there");
    }

    [TestMethod]
    public void ListingAndGraphsAreMostRecentlyUsedFirst()
    {
        var disk = new EmbeddingDiskCache(TestModelPair.NewFolder("disk-rules"));
        DateTime now = DateTime.UtcNow;
        EmbeddingKey[] keys = [new(1, "model"), new(2, "model"), new(3, "model")];
        int[] minutesAgo = [20, 5, 60];
        for (int i = 0; i < keys.Length; i++)
        {
            disk.Save(keys[i], Random(i));
            File.SetLastWriteTimeUtc(disk.PathOf(keys[i]), now.AddMinutes(-minutesAgo[i]));
        }

        CollectionAssert.AreEqual(new[] { keys[1], keys[0], keys[2] }, disk.List().Select(e => e.Key).ToArray());

        string[] graphs = [Graph(disk, "a", now.AddMinutes(-30), 10), Graph(disk, "b", now.AddMinutes(-1), 20), Graph(disk, "c", now.AddMinutes(-90), 30)];
        Graph(disk, ".d.tmp", now, 40); // a writer's temporary file is not a graph yet
        CollectionAssert.AreEqual(new[] { graphs[1], graphs[0], graphs[2] }, disk.Graphs().Select(g => g.Path).ToArray());
        CollectionAssert.AreEqual(new[] { 20L, 10L, 30L }, disk.Graphs().Select(g => g.SizeInBytes).ToArray());
    }

    [TestMethod]
    public void ClearCountsEntriesGraphsAndTheirBytesButNotTemporaryFiles()
    {
        var disk = new EmbeddingDiskCache(TestModelPair.NewFolder("disk-rules"));
        disk.Save(new EmbeddingKey(1, "model"), Random(1));
        disk.Save(new EmbeddingKey(2, "model"), Random(2));
        long entries = disk.List().Sum(e => e.SizeInBytes);
        Graph(disk, "encoder", DateTime.UtcNow, 100);
        Graph(disk, ".encoder.tmp", DateTime.UtcNow, 1000);
        File.WriteAllBytes(Path.Combine(disk.Directory, ".entry.embedding.0123.tmp"), new byte[500]);
        File.WriteAllText(Path.Combine(disk.Directory, "notes.txt"), "the user's own file");

        Assert.AreEqual((2, 1, entries + 100), disk.Clear());
        CollectionAssert.AreEqual(new[] { "notes.txt" }, Directory.GetFiles(disk.Directory).Select(Path.GetFileName).ToArray(), "temporary files go too, other files stay");
    }

    [TestMethod]
    public void AFolderExactlyAtItsBudgetKeepsEverythingAndOneByteLessDropsTheOldest()
    {
        string folder = TestModelPair.NewFolder("disk-rules");
        var fill = new EmbeddingDiskCache(folder);
        fill.Save(new EmbeddingKey(1, "model"), Random(1));
        File.SetLastWriteTimeUtc(fill.PathOf(new EmbeddingKey(1, "model")), DateTime.UtcNow.AddMinutes(-10));
        fill.Save(new EmbeddingKey(2, "model"), Random(2));
        long total = fill.List().Sum(e => e.SizeInBytes);

        new EmbeddingDiskCache(folder, total).Trim();
        Assert.HasCount(2, fill.List(), "exactly the budget fits");
        new EmbeddingDiskCache(folder, total - 1).Trim();
        CollectionAssert.AreEqual(new[] { new EmbeddingKey(2, "model") }, fill.List().Select(e => e.Key).ToArray(), "the least recently used went");
    }

    [TestMethod]
    public void TrimRemovesTemporaryFilesACrashedWriterLeftOverAnHourAgoOnly()
    {
        var disk = new EmbeddingDiskCache(TestModelPair.NewFolder("disk-rules"));
        string stale = Path.Combine(disk.Directory, ".abc.embedding.1.tmp"), fresh = Path.Combine(disk.Directory, ".abc.embedding.2.tmp");
        File.WriteAllBytes(stale, [1]);
        File.WriteAllBytes(fresh, [2]);
        File.SetLastWriteTimeUtc(stale, DateTime.UtcNow.AddMinutes(-61));
        File.SetLastWriteTimeUtc(fresh, DateTime.UtcNow.AddMinutes(-59));
        var old = new EmbeddingKey(1, "model");
        disk.Save(old, Random(1));
        File.SetLastWriteTimeUtc(disk.PathOf(old), DateTime.UtcNow.AddHours(-5));

        disk.Trim();
        Assert.IsFalse(File.Exists(stale), "left over an hour ago");
        Assert.IsTrue(File.Exists(fresh), "maybe still being written");
        Assert.IsTrue(File.Exists(disk.PathOf(old)), "an old entry within the budget is not a temporary file");
    }

    [TestMethod]
    public void AnEntrysFileNameDependsOnTheImageAndTheModelAndAnIdentityHasALimit()
    {
        var disk = new EmbeddingDiskCache(TestModelPair.NewFolder("disk-rules"));
        string path = disk.PathOf(new EmbeddingKey(7, "model-a"));
        Assert.AreEqual(disk.Directory, Path.GetDirectoryName(path));
        Assert.EndsWith(EmbeddingDiskCache.Extension, path);
        Assert.AreNotEqual(path, disk.PathOf(new EmbeddingKey(7, "model-b")));
        Assert.AreNotEqual(path, disk.PathOf(new EmbeddingKey(8, "model-a")));
        Assert.AreEqual(path, new EmbeddingDiskCache(disk.Directory).PathOf(new EmbeddingKey(7, "model-a")), "the same in every process");

        // An identity of 1024 UTF-8 bytes is kept; one byte more is refused.
        var longest = new EmbeddingKey(9, new string('m', 1024));
        disk.Save(longest, Random(9));
        Assert.IsTrue(disk.TryLoad(longest, out _));
        var nameless = new EmbeddingKey(10, string.Empty);
        disk.Save(nameless, Random(10));
        CollectionAssert.AreEquivalent(new[] { longest, nameless }, disk.List().Select(e => e.Key).ToArray(), "both ends of the identity's length are listed");
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => disk.Save(new EmbeddingKey(9, new string('m', 1025)), Random(9))).Message, "model identity too long");
    }

    [TestMethod]
    public void TheListingPassesOverFilesThatAreNotEntries()
    {
        var disk = new EmbeddingDiskCache(TestModelPair.NewFolder("disk-rules"));
        var key = new EmbeddingKey(5, "model");
        disk.Save(key, Random(5));
        byte[] header = File.ReadAllBytes(disk.PathOf(key))[..64];

        File.WriteAllBytes(Path.Combine(disk.Directory, "short" + EmbeddingDiskCache.Extension), header[..43]);
        byte[] magic = (byte[])header.Clone();
        magic[0] = (byte)'X';
        File.WriteAllBytes(Path.Combine(disk.Directory, "magic" + EmbeddingDiskCache.Extension), magic);
        foreach ((string name, int length) in new[] { ("negative", -1), ("huge", 1025) })
        {
            byte[] bad = (byte[])header.Clone();
            BitConverter.GetBytes(length).CopyTo(bad, 40);
            File.WriteAllBytes(Path.Combine(disk.Directory, name + EmbeddingDiskCache.Extension), bad);
        }

        byte[] cut = (byte[])header.Clone();
        BitConverter.GetBytes(30).CopyTo(cut, 40); // an identity longer than what follows
        File.WriteAllBytes(Path.Combine(disk.Directory, "cut" + EmbeddingDiskCache.Extension), cut[..50]);

        CollectionAssert.AreEqual(new[] { key }, disk.List().Select(e => e.Key).ToArray());
    }

    [TestMethod]
    public void BadArgumentsAreRefused()
    {
        Assert.ThrowsExactly<ArgumentException>(() => new EmbeddingDiskCache(""));
        Assert.ThrowsExactly<ArgumentNullException>(() => new EmbeddingDiskCache(null!));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new EmbeddingDiskCache("folder", -1));
        Assert.AreEqual(0L, new EmbeddingDiskCache("folder", 0).BudgetBytes, "a budget of nothing is allowed");
        Assert.ThrowsExactly<ArgumentNullException>(() => new EmbeddingDiskCache(TestModelPair.NewFolder("disk-rules")).Save(new EmbeddingKey(1, "m"), null!));
        Assert.ThrowsExactly<ArgumentNullException>(() => EmbeddingKey.For(null!, "m"));
    }

    [TestMethod]
    public void TheUsersFolderAndBudgetComeFromTheEnvironment()
    {
        string home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        WithEnvironment(new() { [EmbeddingDiskCache.DirectoryVariable] = null, ["XDG_CACHE_HOME"] = null, [EmbeddingDiskCache.BudgetVariable] = null }, () =>
        {
            Assert.AreEqual(Path.Combine(home, ".cache", "HqSam", "embeddings"), EmbeddingDiskCache.UserDirectory());
            EmbeddingDiskCache disk = EmbeddingDiskCache.ForUser()!;
            Assert.AreEqual((EmbeddingDiskCache.UserDirectory(), EmbeddingDiskCache.DefaultBudgetBytes), (disk.Directory, disk.BudgetBytes));
        });
        WithEnvironment(new() { [EmbeddingDiskCache.DirectoryVariable] = null, ["XDG_CACHE_HOME"] = "/xdg/cache", [EmbeddingDiskCache.BudgetVariable] = "3" }, () =>
        {
            Assert.AreEqual(Path.Combine("/xdg/cache", "HqSam", "embeddings"), EmbeddingDiskCache.UserDirectory());
            Assert.AreEqual(3L * 1024 * 1024, EmbeddingDiskCache.ForUser()!.BudgetBytes, "megabytes of 1024 x 1024 bytes");
        });
        WithEnvironment(new() { [EmbeddingDiskCache.DirectoryVariable] = "/given", ["XDG_CACHE_HOME"] = "/xdg/cache", [EmbeddingDiskCache.BudgetVariable] = "0" }, () =>
        {
            Assert.AreEqual("/given", EmbeddingDiskCache.UserDirectory());
            Assert.IsNull(EmbeddingDiskCache.ForUser(), "0 turns it off");
        });
        WithEnvironment(new() { [EmbeddingDiskCache.BudgetVariable] = "-1" }, () =>
            StringAssert.Contains(Assert.ThrowsExactly<HqSamException>(EmbeddingDiskCache.ForUser).Message, "HQSAM_CACHE_MB=-1: expected a size in MB"));
    }

    [TestMethod]
    public void AHashOfPaddedRowsIsTheHashOfTheSamePixelsPacked()
    {
        // Stride padding is not content: a layer whose rows are padded hashes as its packed copy does,
        // and every row counts (a change in the last one is another image).
        const int w = 5, h = 4, stride = (w * 4) + 12;
        var padded = new byte[stride * h];
        var packed = new byte[w * 4 * h];
        new Random(7).NextBytes(packed);
        for (int y = 0; y < h; y++)
        {
            packed.AsSpan(y * w * 4, w * 4).CopyTo(padded.AsSpan(y * stride));
            padded.AsSpan((y * stride) + (w * 4), 12).Fill((byte)(y + 1));
        }

        UInt128 hash = EmbeddingKey.HashContent(new BgraImage(w, h, packed));
        Assert.AreEqual(hash, EmbeddingKey.HashContent(new BgraImage(w, h, padded, stride)));
        padded[(3 * stride) + 2] ^= 1;
        Assert.AreNotEqual(hash, EmbeddingKey.HashContent(new BgraImage(w, h, padded, stride)), "the last row counts");
    }

    private static ImageEmbedding Random(int seed)
    {
        var random = new Random(seed);
        var embedding = new ImageEmbedding();
        foreach (float[] tensor in new[] { embedding.HighResFeats0, embedding.HighResFeats1, embedding.ImageEmbed })
        {
            for (int i = 0; i < tensor.Length; i++)
            {
                tensor[i] = (float)random.NextDouble();
            }
        }

        return embedding;
    }

    private static string Graph(EmbeddingDiskCache disk, string name, DateTime written, int length)
    {
        Directory.CreateDirectory(disk.Directory);
        string path = Path.Combine(disk.Directory, name + EmbeddingDiskCache.GraphExtension);
        File.WriteAllBytes(path, new byte[length]);
        File.SetLastWriteTimeUtc(path, written);
        return path;
    }

    private static void WithEnvironment(Dictionary<string, string?> values, Action test)
    {
        Dictionary<string, string?> before = values.Keys.ToDictionary(k => k, Environment.GetEnvironmentVariable);
        try
        {
            foreach ((string name, string? value) in values)
            {
                Environment.SetEnvironmentVariable(name, value);
            }

            test();
        }
        finally
        {
            foreach ((string name, string? value) in before)
            {
                Environment.SetEnvironmentVariable(name, value);
            }
        }
    }
}
