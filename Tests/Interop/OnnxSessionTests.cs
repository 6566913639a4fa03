using HqSam.Core.Caching;
using HqSam.Core.Contract;
using HqSam.Core.Imaging;
using HqSam.Core.Pipeline;
using HqSam.Core.Prompts;
using HqSam.Interop.Onnx;
using HqSam.Interop.Providers;
using HqSam.Interop.Sessions;
using HqSam.TestModels;
using HqSam.Tests.Support;

namespace HqSam.Tests.Interop;

/// <summary>Real ONNX Runtime sessions through the factory and the pool.</summary>
[TestClass]
public sealed class OnnxSessionTests
{
    [TestMethod]
    [DataRow(ExecutionProvider.Cuda)]
    [DataRow(ExecutionProvider.DirectML)]
    public void AGpuThatCannotStartFallsBackToTheCpuWithTheReason(ExecutionProvider provider)
    {
        if (provider == ExecutionProvider.Cuda && MachineCapabilities.Probe().OrtProviders.Contains(MachineCapabilities.CudaProviderName))
        {
            Assert.Inconclusive("this machine's ONNX Runtime has CUDA; the fallback is exercised on CPU-only builds");
        }

        string path = Path.Combine(TestModelPair.Directory, "decoder.onnx");
        var key = new SessionKey(path, OnnxSessionFactory.FileIdentity(path), ModelRole.Decoder, provider, 0, SessionSettings.Default);
        using OnnxSession session = OnnxSessionFactory.Create(key);
        Assert.AreEqual(ExecutionProvider.Cpu, session.Actual.Provider);
        StringAssert.Contains(session.Actual.Reason, "failed to start");
    }

    [TestMethod]
    public void LoadReportsWhereItRuns()
    {
        using var pool = OnnxSessionPool.CreatePrivate();
        using OnnxSamModel model = OnnxSamModel.Load(TestModelPair.Directory, new ModelLoadOptions
        {
            Pool = pool,
            Request = new ProviderRequest { Provider = ProviderPreference.Cuda },
            Machine = new MachineCapabilities(),
        });
        Assert.AreEqual(ExecutionProvider.Cpu, model.Plan.Encoder.Provider);
        StringAssert.Contains(model.Plan.ToString(), "no CUDA provider");
    }

    [TestMethod]
    public void AnEncoderWithItsArenaGivesTheSameEmbeddingAndIsFreedWhenAsked()
    {
        var arena = new SessionSettings { EncoderArena = true };
        using var pool = OnnxSessionPool.CreatePrivate();
        using OnnxSamModel model = OnnxSamModel.Load(TestModelPair.Directory, new ModelLoadOptions { Pool = pool, Settings = arena });
        string encoder = Path.Combine(TestModelPair.Directory, "encoder.onnx");
        var key = new SessionKey(encoder, OnnxSessionFactory.FileIdentity(encoder), ModelRole.Encoder, ExecutionProvider.Cpu, 0, arena);
        Assert.AreEqual(1, pool.LiveCount(key), "loaded with its own settings (the arena on)");

        BgraImage image = Scene.Standard().Render(120, 90);
        ImageEmbedding lean = new SamPredictor(model, new EmbeddingCache()).GetEmbedding(image);
        ImageEmbedding usual = new SamPredictor(TestModelPair.Model, new EmbeddingCache()).GetEmbedding(image);
        CollectionAssert.AreEqual(usual.ImageEmbed, lean.ImageEmbed, "the arena changes memory, not results");
        CollectionAssert.AreEqual(usual.HighResFeats0, lean.HighResFeats0);

        Assert.IsTrue(model.ReleaseEncoder());
        Assert.AreEqual(0, pool.LiveCount(key), "the encoder's session is gone");
        Assert.IsFalse(model.ReleaseEncoder(), "nothing left to free");

        // An encode after the release loads it again.
        ImageEmbedding again = new SamPredictor(model, new EmbeddingCache()).GetEmbedding(image);
        CollectionAssert.AreEqual(usual.ImageEmbed, again.ImageEmbed);
        Assert.AreEqual(2, pool.CreatedCount(key));
    }

    [TestMethod]
    public void TwoModelsOnTheSameFilesShareSessions()
    {
        using var pool = OnnxSessionPool.CreatePrivate();
        var options = new ModelLoadOptions { Pool = pool };
        using OnnxSamModel a = OnnxSamModel.Load(TestModelPair.Directory, options);
        using OnnxSamModel b = OnnxSamModel.Load(TestModelPair.Directory, options);
        var predictorA = new SamPredictor(a, new EmbeddingCache());
        var predictorB = new SamPredictor(b, new EmbeddingCache());
        BgraImage image = Scene.Standard().Render(120, 90);
        var prompt = new SegmentationPrompt([new PointPrompt(38, 45)]);
        CollectionAssert.AreEqual(predictorA.Segment(image, prompt).Mask.ToArray(), predictorB.Segment(image, prompt).Mask.ToArray());

        string encoder = Path.Combine(TestModelPair.Directory, "encoder.onnx");
        var key = new SessionKey(encoder, OnnxSessionFactory.FileIdentity(encoder), ModelRole.Encoder, ExecutionProvider.Cpu, 0, SessionSettings.Default);
        Assert.AreEqual(1, pool.CreatedCount(key), "one encoder session for both documents");
        Assert.AreEqual(a.Identity, b.Identity);
    }

    [TestMethod]
    public void APoolRecoversAfterAnEncoderFaults()
    {
        using var pool = OnnxSessionPool.CreatePrivate();
        string dir = TestModelPair.WriteVariant(new TestModelOptions { EncoderFailsAtRun = true });
        using OnnxSamModel model = OnnxSamModel.Load(dir, new ModelLoadOptions { Pool = pool });
        var predictor = new SamPredictor(model, new EmbeddingCache());
        BgraImage image = BgraImage.Solid(32, 32, 1, 2, 3);
        var prompt = new SegmentationPrompt([new PointPrompt(3, 3)]);

        var e = Assert.ThrowsExactly<ModelRuntimeException>(() => predictor.Segment(image, prompt));
        StringAssert.StartsWith(e.Message, "encoder.onnx failed while running: ");
        Assert.DoesNotContain('\n', e.Message);

        string encoder = Path.Combine(dir, "encoder.onnx");
        var key = new SessionKey(encoder, OnnxSessionFactory.FileIdentity(encoder), ModelRole.Encoder, ExecutionProvider.Cpu, 0, SessionSettings.Default);
        Assert.AreEqual(0, pool.IdleCount(key), "the faulted session was not put back");
        Assert.ThrowsExactly<ModelRuntimeException>(() => predictor.Segment(image, prompt));
        Assert.AreEqual(2, pool.CreatedCount(key), "the session made at load, then a fresh one after it faulted");
        Assert.AreEqual(0, pool.LiveCount(key), "nothing leaked");
    }
}
