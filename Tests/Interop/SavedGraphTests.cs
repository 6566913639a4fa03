using HqSam.Core.Caching;
using HqSam.Core.Imaging;
using HqSam.Core.Pipeline;
using HqSam.Core.Prompts;
using HqSam.Interop.Onnx;
using HqSam.Interop.Providers;
using HqSam.Interop.Sessions;
using HqSam.TestModels;
using HqSam.Tests.Support;

namespace HqSam.Tests.Interop;

/// <summary>
/// Optimised graphs saved in the cache folder (<see cref="SavedGraph"/>): built only when asked, used
/// by later loads with the same masks, a damaged one removed and not used, a stale one never found.
/// </summary>
[TestClass]
public sealed class SavedGraphTests
{
    private static readonly string Encoder = Path.Combine(TestModelPair.Directory, "encoder.onnx");

    [TestMethod]
    public void AnOrdinaryLoadSavesNothing()
    {
        string cache = TestModelPair.NewFolder("graphs-ordinary");
        using var pool2 = OnnxSessionPool.CreatePrivate();
        using OnnxSamModel model = Load(new SessionSettings { OptimizedModelDirectory = cache }, pool2);
        Assert.IsEmpty(Directory.GetFiles(cache), "the first load is not slowed by saving");
        Assert.DoesNotContain("saved", model.Plan.Encoder.Reason);
    }

    [TestMethod]
    public void ASavedGraphIsUsedByTheNextLoadAndGivesTheSameMasks()
    {
        string cache = TestModelPair.NewFolder("graphs-reuse");
        using (var pool = OnnxSessionPool.CreatePrivate())
        {
            StringAssert.Contains(Load(new SessionSettings { OptimizedModelDirectory = cache, BuildOptimizedModel = true }, pool).Plan.Encoder.Reason, "optimised graph saved");
        }

        string[] files = Directory.GetFiles(cache);
        Assert.HasCount(2, files, "encoder and decoder graphs, and no temporary file left");
        Assert.IsTrue(files.All(f => f.EndsWith(SavedGraph.Extension, StringComparison.Ordinal)));

        using var pool2 = OnnxSessionPool.CreatePrivate();
        using OnnxSamModel again = Load(new SessionSettings { OptimizedModelDirectory = cache }, pool2);
        StringAssert.Contains(again.Plan.Encoder.Reason, "from the saved optimised graph");
        StringAssert.Contains(again.Plan.Decoder.Reason, "from the saved optimised graph");

        AssertSameMasksAsTheModelFile(again,
            new SegmentationPrompt([new PointPrompt(51, 60)]),
            new SegmentationPrompt([new PointPrompt(51, 60), new PointPrompt(110, 40, false), new PointPrompt(20, 20)]),
            new SegmentationPrompt([], new BoxPrompt(30, 30, 80, 90)));
    }

    [TestMethod]
    public void ADamagedGraphIsRemovedAndTheModelLoadsFromItsFile()
    {
        string cache = TestModelPair.NewFolder("graphs-damaged");
        using (var pool = OnnxSessionPool.CreatePrivate())
        {
            Load(new SessionSettings { OptimizedModelDirectory = cache, BuildOptimizedModel = true }, pool);
        }

        string saved = SavedGraph.For(cache, Key(new SessionSettings())).Find()!;
        byte[] bytes = File.ReadAllBytes(saved);
        bytes[bytes.Length / 2] ^= 0x40; // one bit, as a bad sector would
        File.WriteAllBytes(saved, bytes);

        using var pool2 = OnnxSessionPool.CreatePrivate();
        using OnnxSamModel model = Load(new SessionSettings { OptimizedModelDirectory = cache }, pool2);
        StringAssert.Contains(model.Plan.Encoder.Reason, "the saved optimised graph was damaged and is removed");
        Assert.IsFalse(File.Exists(saved));
        Assert.IsNull(SavedGraph.For(cache, Key(new SessionSettings())).Find(), "not rebuilt by an ordinary load");

        AssertSameMasksAsTheModelFile(model, new SegmentationPrompt([new PointPrompt(51, 60)]));
    }

    [TestMethod]
    public void AGraphWhoseBytesDifferFromItsChecksumIsNotUsedEvenWhenOnnxRuntimeWouldTakeIt()
    {
        // A changed weight is still a well-formed graph: only the checksum tells.
        string cache = TestModelPair.NewFolder("graphs-checksum");
        using (var pool = OnnxSessionPool.CreatePrivate())
        {
            Load(new SessionSettings { OptimizedModelDirectory = cache, BuildOptimizedModel = true }, pool);
        }

        SavedGraph graph = SavedGraph.For(cache, Key(new SessionSettings()));
        string saved = graph.Find()!;
        string renamed = Path.Combine(cache, $"{graph.Key}.{new string('0', 32)}{SavedGraph.Extension}");
        File.Move(saved, renamed);

        using var pool2 = OnnxSessionPool.CreatePrivate();
        using OnnxSamModel model = Load(new SessionSettings { OptimizedModelDirectory = cache }, pool2);
        StringAssert.Contains(model.Plan.Encoder.Reason, "the saved optimised graph was damaged and is removed");
        Assert.IsFalse(File.Exists(renamed));
        StringAssert.Contains(model.Plan.Decoder.Reason, "from the saved optimised graph", "the decoder's own graph is whole");
    }

    [TestMethod]
    public void AGraphOfAnotherModelFileIsNeverFound()
    {
        string cache = TestModelPair.NewFolder("graphs-stale");
        SessionKey key = Key(new SessionSettings());
        SavedGraph graph = SavedGraph.For(cache, key);
        string temporary = graph.NewTemporaryPath();
        File.WriteAllBytes(temporary, [1, 2, 3]);
        graph.Commit(temporary);
        Assert.IsNotNull(graph.Find());

        // The same file rewritten (another write time), another role, another file: other keys.
        Assert.IsNull(SavedGraph.For(cache, key with { FileIdentity = "0123" }).Find());
        Assert.IsNull(SavedGraph.For(cache, key with { Role = ModelRole.Decoder }).Find());
        Assert.AreNotEqual(graph.Key, SavedGraph.For(cache, key with { Path = "/elsewhere/encoder.onnx", FileIdentity = OnnxSessionFactory.FileIdentity(Path.Combine(TestModelPair.Directory, "decoder.onnx")) }).Key);
        Assert.AreEqual(graph.Key, SavedGraph.For(cache, key).Key, "the same key finds it again");

        // The model file rewritten: its new graph replaces the stale one rather than sitting beside it.
        SavedGraph newer = SavedGraph.For(cache, key with { FileIdentity = "0123" });
        string written = newer.NewTemporaryPath();
        File.WriteAllBytes(written, [4, 5]);
        newer.Commit(written);
        Assert.IsNull(graph.Find(), "the stale graph went");
        Assert.IsNotNull(newer.Find());
        Assert.HasCount(1, Directory.GetFiles(cache));
    }

    [TestMethod]
    public void ACommitReplacesTheOlderGraphOfItsKeyAndLeavesNoTemporaryFile()
    {
        string cache = TestModelPair.NewFolder("graphs-commit");
        SavedGraph graph = SavedGraph.For(cache, Key(new SessionSettings()));
        foreach (byte[] content in new[] { new byte[] { 1 }, new byte[] { 2, 2 } })
        {
            string temporary = graph.NewTemporaryPath();
            File.WriteAllBytes(temporary, content);
            graph.Commit(temporary);
        }

        string only = Directory.GetFiles(cache).Single();
        CollectionAssert.AreEqual(new byte[] { 2, 2 }, File.ReadAllBytes(only));
        Assert.IsNotNull(SavedGraph.TryRead(only, out bool damaged));
        Assert.IsFalse(damaged);
    }

    [TestMethod]
    public void TheCacheCountsListsAndClearsSavedGraphs()
    {
        string cache = TestModelPair.NewFolder("graphs-budget");
        using (var pool = OnnxSessionPool.CreatePrivate())
        {
            Load(new SessionSettings { OptimizedModelDirectory = cache, BuildOptimizedModel = true }, pool);
        }

        var disk = new EmbeddingDiskCache(cache);
        Assert.HasCount(2, disk.Graphs());
        long graphBytes = disk.Graphs().Sum(g => g.SizeInBytes);

        // A budget smaller than the graphs: trimming removes them as it removes embeddings.
        new EmbeddingDiskCache(cache, budgetBytes: graphBytes - 1).Trim();
        Assert.HasCount(1, disk.Graphs(), "the least recently used graph went");

        (int entries, int graphs, long bytes) = disk.Clear();
        Assert.AreEqual((0, 1), (entries, graphs));
        Assert.IsGreaterThan(0L, bytes);
        Assert.IsEmpty(Directory.GetFiles(cache));
    }

    /// <summary>The masks of <paramref name="model"/> are those of the pair loaded from its own files.</summary>
    private static void AssertSameMasksAsTheModelFile(OnnxSamModel model, params SegmentationPrompt[] prompts)
    {
        BgraImage image = Scene.Standard().Render(160, 120);
        foreach (SegmentationPrompt prompt in prompts)
        {
            CollectionAssert.AreEqual(
                new SamPredictor(TestModelPair.Model, new EmbeddingCache()).Segment(image, prompt).Mask.ToArray(),
                new SamPredictor(model, new EmbeddingCache()).Segment(image, prompt).Mask.ToArray());
        }
    }

    private static SessionKey Key(SessionSettings settings) =>
        new(Encoder, OnnxSessionFactory.FileIdentity(Encoder), ModelRole.Encoder, ExecutionProvider.Cpu, 0, settings);

    /// <summary>A load into a private pool of its own (disposed by the test), as a new process would.</summary>
    private static OnnxSamModel Load(SessionSettings settings, SessionPool<SessionKey, OnnxSession> pool) =>
        OnnxSamModel.Load(TestModelPair.Directory, new ModelLoadOptions { Pool = pool, Settings = settings, Request = new ProviderRequest { Provider = ProviderPreference.Cpu } });
}
