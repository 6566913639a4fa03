using System.Diagnostics;
using HqSam.Core.Caching;
using HqSam.Core.Contract;
using HqSam.Core.Imaging;
using HqSam.Core.Pipeline;
using HqSam.Core.Prompts;
using HqSam.Interop.Onnx;
using HqSam.Interop.Providers;
using HqSam.Interop.Sessions;
using HqSam.Tests.Support;

namespace HqSam.Tests.Hostile;

/// <summary>Concurrency, cancellation and memory rows of the hostile-input matrix.</summary>
[TestClass]
public sealed class ConcurrencyAndLifetimeTests
{
    [TestMethod]
    public void EightThreadsDecodingOneEmbeddingAgreeWithSerialDecodes()
    {
        Scene scene = Scene.Standard();
        const int w = 400, h = 300;
        BgraImage image = scene.Render(w, h);
        var cache = new EmbeddingCache();
        ImageEmbedding embedding = new SamPredictor(TestModelPair.Model, cache).GetEmbedding(image);
        var rng = new Random(8);
        SegmentationPrompt[] prompts = [.. Enumerable.Range(0, 64).Select(_ => new SegmentationPrompt([new PointPrompt(rng.Next(w), rng.Next(h))]))];
        byte[][] serial = [.. prompts.Select(p => Decode(new SamPredictor(TestModelPair.Model, cache), embedding, p, w, h))];

        var parallel = new byte[prompts.Length][];
        Parallel.For(0, 8, new ParallelOptions { MaxDegreeOfParallelism = 8 }, t =>
        {
            var predictor = new SamPredictor(TestModelPair.Model, cache); // one per thread, as hosts do
            for (int i = t; i < prompts.Length; i += 8)
            {
                parallel[i] = Decode(predictor, embedding, prompts[i], w, h);
            }
        });

        for (int i = 0; i < prompts.Length; i++)
        {
            CollectionAssert.AreEqual(serial[i], parallel[i], $"prompt {i}");
        }
    }

    [TestMethod]
    [DataRow(Stage.Preprocess)]
    [DataRow(Stage.Encode)]
    [DataRow(Stage.Decode)]
    [DataRow(Stage.Postprocess)]
    public void CancellingAtAnyStageLeaksNoSessionAndTheNextRunWorks(Stage stage)
    {
        using var pool = OnnxSessionPool.CreatePrivate();
        using OnnxSamModel real = OnnxSamModel.Load(TestModelPair.Directory, new ModelLoadOptions { Pool = pool });
        using var cts = new CancellationTokenSource();
        var model = new CancellingModel(real, stage, cts);
        var predictor = new SamPredictor(model, new EmbeddingCache());
        BgraImage image = Scene.Standard().Render(600, 400);
        var prompt = new SegmentationPrompt([new PointPrompt(190, 200)]);
        var timings = new StageTimings();
        if (stage == Stage.Preprocess)
        {
            cts.Cancel();
        }

        Assert.Throws<OperationCanceledException>(() => predictor.Segment(image, prompt, timings: timings, cancellationToken: cts.Token));

        foreach (ModelRole role in Enum.GetValues<ModelRole>())
        {
            string file = Path.Combine(TestModelPair.Directory, role == ModelRole.Encoder ? "encoder.onnx" : "decoder.onnx");
            var key = new SessionKey(file, OnnxSessionFactory.FileIdentity(file), role, ExecutionProvider.Cpu, 0, SessionSettings.Default);
            Assert.AreEqual(pool.IdleCount(key), pool.LiveCount(key), $"{role}: every session is back in the pool");
        }

        SegmentationResult after = new SamPredictor(real, new EmbeddingCache()).Segment(image, prompt);
        Assert.IsGreaterThan(0L, after.Mask.SelectedPixelCount);
    }

    [TestMethod]
    public void TheCacheEvictsWithinItsBudgetWhileDecodesRun()
    {
        var cache = new EmbeddingCache(budgetBytes: 2 * ImageEmbedding.SizeInBytes);
        var predictor = new SamPredictor(TestModelPair.Model, cache);
        Scene scene = Scene.Standard();
        BgraImage first = scene.Render(200, 150);
        ImageEmbedding held = predictor.GetEmbedding(first);
        using var stop = new CancellationTokenSource();
        int decodes = 0;
        Task decoding = Task.Run(() =>
        {
            var own = new SamPredictor(TestModelPair.Model, cache);
            var mask = new byte[200 * 150];
            while (!stop.IsCancellationRequested)
            {
                own.Decode(held, 200, 150, new SegmentationPrompt([new PointPrompt(64, 75)]), mask);
                Interlocked.Increment(ref decodes);
            }
        });

        // Decodes are running before the evictions start, and still complete after they are done.
        Assert.IsTrue(SpinWait.SpinUntil(() => Volatile.Read(ref decodes) > 0, TimeSpan.FromSeconds(30)), "decodes started");
        for (int i = 0; i < 6; i++)
        {
            predictor.GetEmbedding(BgraImage.Solid(64 + i, 64, (byte)i, 2, 3));
            Assert.IsLessThanOrEqualTo(cache.BudgetBytes, cache.SizeInBytes);
        }

        int afterEvictions = Volatile.Read(ref decodes);
        Assert.IsTrue(SpinWait.SpinUntil(() => Volatile.Read(ref decodes) > afterEvictions, TimeSpan.FromSeconds(30)), "decodes carried on after the evictions");
        stop.Cancel();
        decoding.GetAwaiter().GetResult();
        Assert.IsFalse(cache.TryGet(EmbeddingKey.For(first, TestModelPair.Model.Identity), out _), "evicted, yet its decodes carried on");
    }

    [TestMethod]
    public void AThousandDecodesKeepMemoryFlat()
    {
        BgraImage image = Scene.Standard().Render(640, 480);
        var predictor = new SamPredictor(TestModelPair.Model, new EmbeddingCache());
        ImageEmbedding embedding = predictor.GetEmbedding(image);
        var mask = new byte[640 * 480];
        var prompt = new SegmentationPrompt([new PointPrompt(200, 240)]);
        for (int i = 0; i < 50; i++)
        {
            predictor.Decode(embedding, 640, 480, prompt, mask);
        }

        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        long managedBefore = GC.GetTotalMemory(true), workingSetBefore = process.WorkingSet64;
        // Every thread counts: the upsampling and refinement run on the thread pool.
        long allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        for (int i = 0; i < 1000; i++)
        {
            predictor.Decode(embedding, 640, 480, prompt, mask);
        }

        long allocatedPerDecode = (GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore) / 1000;
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        process.Refresh();
        long managedGrowth = GC.GetTotalMemory(true) - managedBefore, workingSetGrowth = process.WorkingSet64 - workingSetBefore;
        Console.WriteLine($"1000 decodes: working set {workingSetGrowth / 1024} KiB, managed heap {managedGrowth / 1024} KiB, {allocatedPerDecode} B allocated per decode");
        Assert.IsLessThan(1L << 20, managedGrowth, "managed heap flat");
        Assert.IsLessThan(32L << 20, workingSetGrowth, "working set flat");
        Assert.IsLessThan(16L << 10, allocatedPerDecode, "a few KB per decode, not buffers");
    }

    private static byte[] Decode(SamPredictor predictor, ImageEmbedding embedding, SegmentationPrompt prompt, int w, int h)
    {
        var mask = new byte[w * h];
        predictor.Decode(embedding, w, h, prompt, mask);
        return mask;
    }

    /// <summary>Cancels the token when the pipeline reaches a stage (the encode and decode mid-run, through ONNX Runtime's terminate flag).</summary>
    private sealed class CancellingModel(ISamModel inner, Stage stage, CancellationTokenSource cts) : ISamModel
    {
        public string Identity => inner.Identity;

        public ModelFamily Family => inner.Family;

        public void Encode(float[] image, ImageEmbedding output, CancellationToken cancellationToken = default)
        {
            if (stage == Stage.Encode)
            {
                cts.Cancel();
            }

            inner.Encode(image, output, cancellationToken);
        }

        public void Decode(ImageEmbedding embedding, DecoderPrompt prompt, float[]? maskInput, LowResMasks output, CancellationToken cancellationToken = default)
        {
            if (stage == Stage.Decode)
            {
                cts.Cancel();
            }

            inner.Decode(embedding, prompt, maskInput, output, cancellationToken);
            if (stage == Stage.Postprocess)
            {
                cts.Cancel(); // the upsampler is next
            }
        }

        public void Dispose()
        {
        }
    }
}
