using HqSam.Core.Caching;
using HqSam.Core.Contract;
using HqSam.Core.Imaging;
using HqSam.Core.Pipeline;
using HqSam.Core.Prompts;
using HqSam.Tests.Support;

namespace HqSam.Tests.Caching;

[TestClass]
public sealed class EmbeddingCacheTests
{
    [TestMethod]
    public void EncodesOncePerImageContent()
    {
        using var counting = new CountingModel(TestModelPair.Model);
        var cache = new EmbeddingCache();
        var predictor = new SamPredictor(counting, cache);
        BgraImage image = Scene.Standard().Render(200, 150);
        var prompt = new SegmentationPrompt([new PointPrompt(64, 75)]);

        predictor.Segment(image, prompt);
        predictor.Segment(image, new SegmentationPrompt([new PointPrompt(150, 75)]));
        // Same pixels in another buffer (another document): still one encode, on another predictor too.
        BgraImage copy = new(200, 150, image.Pixels.ToArray());
        new SamPredictor(counting, cache).Segment(copy, prompt);
        Assert.AreEqual(1, counting.Encodes);
        Assert.AreEqual(3, counting.Decodes);

        // One changed pixel is another image.
        byte[] edited = image.Pixels.ToArray();
        edited[4000] ^= 0xFF;
        predictor.Segment(new BgraImage(200, 150, edited), prompt);
        Assert.AreEqual(2, counting.Encodes);
    }

    [TestMethod]
    public void KeyIncludesTheModelIdentity()
    {
        BgraImage image = BgraImage.Solid(10, 10, 1, 2, 3);
        Assert.AreNotEqual(EmbeddingKey.For(image, "model-a"), EmbeddingKey.For(image, "model-b"));
        Assert.AreEqual(EmbeddingKey.For(image, "model-a"), EmbeddingKey.For(BgraImage.Solid(10, 10, 1, 2, 3), "model-a"));
        Assert.AreNotEqual(EmbeddingKey.HashContent(BgraImage.Solid(10, 20, 1, 2, 3)), EmbeddingKey.HashContent(BgraImage.Solid(20, 10, 1, 2, 3)), "size is part of the content");
    }

    [TestMethod]
    public void EvictsLeastRecentlyUsedWithinItsByteBudget()
    {
        var cache = new EmbeddingCache(budgetBytes: 2 * ImageEmbedding.SizeInBytes);
        EmbeddingKey a = Key(1), b = Key(2), c = Key(3);
        var ea = new ImageEmbedding();
        cache.Add(a, ea);
        cache.Add(b, new ImageEmbedding());
        Assert.IsTrue(cache.TryGet(a, out _)); // a is now the most recent
        cache.Add(c, new ImageEmbedding());

        Assert.AreEqual(2, cache.Count);
        Assert.IsLessThanOrEqualTo(cache.BudgetBytes, cache.SizeInBytes);
        Assert.IsTrue(cache.TryGet(a, out ImageEmbedding got));
        Assert.AreSame(ea, got);
        Assert.IsFalse(cache.TryGet(b, out _), "b was least recently used");
        Assert.IsTrue(cache.TryGet(c, out _));
    }

    [TestMethod]
    public void KeepsOneEntryEvenUnderATinyBudget()
    {
        var cache = new EmbeddingCache(budgetBytes: 1);
        cache.Add(Key(1), new ImageEmbedding());
        cache.Add(Key(2), new ImageEmbedding());
        Assert.AreEqual(1, cache.Count);
        Assert.IsTrue(cache.TryGet(Key(2), out _));

        // A budget of nothing still keeps one; a negative one is a caller's mistake, said as such.
        var none = new EmbeddingCache(budgetBytes: 0);
        none.Add(Key(1), new ImageEmbedding());
        Assert.AreEqual(1, none.Count);
        var e = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new EmbeddingCache(budgetBytes: -1));
        Assert.AreEqual("budgetBytes", e.ParamName);
    }

    [TestMethod]
    public void ItsSizeIsItsEntriesTimesAnEmbeddingsSize()
    {
        var cache = new EmbeddingCache();
        cache.Add(Key(1), new ImageEmbedding());
        cache.Add(Key(2), new ImageEmbedding());
        Assert.AreEqual(2 * ImageEmbedding.SizeInBytes, cache.SizeInBytes);
        Assert.ThrowsExactly<ArgumentNullException>(() => cache.Add(Key(3), null!));
        Assert.AreEqual(2, cache.Count, "nothing kept for a null embedding");
    }

    [TestMethod]
    public void AddingAKeyAgainReplacesItsEntryAndMakesItTheMostRecent()
    {
        var cache = new EmbeddingCache(budgetBytes: 2 * ImageEmbedding.SizeInBytes);
        var replaced = new ImageEmbedding();
        cache.Add(Key(1), new ImageEmbedding());
        cache.Add(Key(2), new ImageEmbedding());
        cache.Add(Key(1), replaced);
        Assert.AreEqual(2, cache.Count);
        cache.Add(Key(3), new ImageEmbedding());

        Assert.IsTrue(cache.TryGet(Key(1), out ImageEmbedding got), "the replaced entry was used last");
        Assert.AreSame(replaced, got);
        Assert.IsFalse(cache.TryGet(Key(2), out _), "2 was least recently used");
    }

    [TestMethod]
    public void ClearForgetsEveryEntryAndLaterEntriesAreKeptAsUsual()
    {
        var cache = new EmbeddingCache(budgetBytes: 2 * ImageEmbedding.SizeInBytes);
        cache.Add(Key(1), new ImageEmbedding());
        cache.Add(Key(2), new ImageEmbedding());
        cache.Clear();
        Assert.AreEqual(0, cache.Count);
        Assert.IsFalse(cache.TryGet(Key(1), out _));

        // Nothing of before the clear is evicted in place of what came after it.
        cache.Add(Key(2), new ImageEmbedding());
        var kept = new ImageEmbedding();
        cache.Add(Key(1), kept);
        cache.Add(Key(3), new ImageEmbedding());
        Assert.IsTrue(cache.TryGet(Key(1), out ImageEmbedding got));
        Assert.AreSame(kept, got);
        Assert.IsFalse(cache.TryGet(Key(2), out _));
    }

    [TestMethod]
    public void AnEmbeddingFoundOnDiskIsKeptInMemoryForTheNextLookUp()
    {
        var disk = new EmbeddingDiskCache(TestModelPair.NewFolder("memory-and-disk"));
        new EmbeddingCache(disk: disk).Add(Key(1), new ImageEmbedding());

        var cache = new EmbeddingCache(disk: disk);
        Assert.IsTrue(cache.TryGet(Key(1), out ImageEmbedding fromDisk));
        Assert.AreEqual(1, cache.Count);
        File.Delete(disk.PathOf(Key(1)));
        Assert.IsTrue(cache.TryGet(Key(1), out ImageEmbedding again), "from memory now");
        Assert.AreSame(fromDisk, again);
    }

    private static EmbeddingKey Key(int i) => new((UInt128)i, "m");
}
