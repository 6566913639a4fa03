using HqSam.Core;
using HqSam.Core.Caching;
using HqSam.Core.Contract;
using HqSam.Core.Imaging;
using HqSam.Core.Pipeline;
using HqSam.Core.Prompts;
using HqSam.Interop.Onnx;
using HqSam.Interop.Sessions;
using HqSam.TestModels;
using HqSam.Tests.Support;

namespace HqSam.Tests.Hostile;

/// <summary>The model rows of the hostile-input matrix not already covered by the contract tests.</summary>
[TestClass]
public sealed class HostileModelTests
{
    [TestMethod]
    public void NaNLogitsAreATypedErrorNamingTheTensor()
    {
        string dir = TestModelPair.WriteVariant(new TestModelOptions { NaNLogits = true });
        using OnnxSamModel model = OnnxSamModel.Load(dir);
        var predictor = new SamPredictor(model, new EmbeddingCache());
        var e = Assert.ThrowsExactly<ModelRuntimeException>(() => predictor.Segment(BgraImage.Solid(20, 20, 1, 2, 3), new SegmentationPrompt([new PointPrompt(1, 1)])));
        Assert.AreEqual("decoder returned non-finite values in 'low_res_masks' or 'iou_predictions'", e.Message);
    }

    [TestMethod]
    public void ThousandMutatedModelsLoadOrFailWithANamedError()
    {
        byte[][] seeds = [TestModelFactory.Encoder(), TestModelFactory.Decoder()];
        string dir = TestModelPair.NewFolder("mutated-models");
        var rng = new Random(77);
        BgraImage image = Scene.Standard().Render(40, 30);
        var prompt = new SegmentationPrompt([new PointPrompt(12, 15)]);
        int loaded = 0, rejected = 0, failedAtRun = 0;
        using var pool = OnnxSessionPool.CreatePrivate();
        for (int i = 0; i < 1000; i++)
        {
            string pair = Path.Combine(dir, $"p{i}");
            Directory.CreateDirectory(pair);
            bool encoderMutated = i % 2 == 0;
            File.WriteAllBytes(Path.Combine(pair, "encoder.onnx"), encoderMutated ? HostileImageTests.Mutate(seeds[0], rng) : seeds[0]);
            File.WriteAllBytes(Path.Combine(pair, "decoder.onnx"), encoderMutated ? seeds[1] : HostileImageTests.Mutate(seeds[1], rng));
            try
            {
                using OnnxSamModel model = OnnxSamModel.Load(pair, new ModelLoadOptions { Pool = pool });
                loaded++;
                try
                {
                    new SamPredictor(model, new EmbeddingCache()).Segment(image, prompt);
                }
                catch (HqSamException)
                {
                    failedAtRun++;
                }
            }
            catch (HqSamException e) when (e is ModelFileException or ModelContractException)
            {
                StringAssert.Contains(e.Message, "coder.onnx");
                rejected++;
            }

            pool.ReleaseIdle(TimeSpan.Zero);
        }

        Console.WriteLine($"mutated models: {loaded} loaded ({failedAtRun} failed at run with a typed error), {rejected} rejected at load");
        Assert.AreEqual(1000, loaded + rejected);
    }
}
