using HqSam.Core.Contract;
using HqSam.Core.Prompts;
using HqSam.Interop.Onnx;
using HqSam.Interop.Sessions;
using HqSam.Tests.Support;
using Microsoft.ML.OnnxRuntime;

namespace HqSam.Tests.Contract;

/// <summary>
/// The real HQ-SAM 2.1 decoder (TestModels/Reference: the exporter's graph, random weights) gives the
/// same logits at ONNX Runtime's basic and full optimisation levels for every prompt shape the
/// product sends: 1, 2, 5 and 10 points, a box, a box with points, and each again with the previous
/// mask fed back. Higher levels have broken shape inference on the dynamic point dimension of other
/// SAM 2 exports; this is the test that would show it here, and that an ONNX Runtime upgrade keeps it so.
/// </summary>
[TestClass]
public sealed class DecoderOptimisationLevelTests
{
    /// <summary>
    /// Fusions reorder float sums: the two levels may differ in the last bits. Measured over these
    /// prompts (ONNX Runtime 1.31.1, this machine): at most 7.2e-7, on logits up to 1.45 in
    /// magnitude; allowed: 1e-5, and no mask value may change side where the logit is clear of zero
    /// by more than that.
    /// </summary>
    private const float Tolerance = 1e-5f;

    private static string Decoder => Path.Combine(ModelContractTests.RepositoryRoot(), "TestModels", "Reference", "decoder.onnx");

    public static IEnumerable<object[]> Prompts()
    {
        static PointPrompt P(int i, bool positive = true) => new(60 + (i * 97 % 900), 80 + (i * 61 % 860), positive);
        foreach (bool feedBack in new[] { false, true })
        {
            foreach (int points in new[] { 1, 2, 5, 10 })
            {
                yield return [new SegmentationPrompt([.. Enumerable.Range(0, points).Select(i => P(i, i % 3 != 2))]), feedBack, $"{points} points"];
            }

            yield return [new SegmentationPrompt([], new BoxPrompt(200, 150, 700, 800)), feedBack, "a box"];
            yield return [new SegmentationPrompt([P(1), P(2, false)], new BoxPrompt(200, 150, 700, 800)), feedBack, "a box and two points"];
        }
    }

    [TestMethod]
    [DynamicData(nameof(Prompts))]
    public void BothLevelsGiveTheSameLogits(SegmentationPrompt prompt, bool feedBack, string shape)
    {
        ImageEmbedding embedding = Features();
        DecoderPrompt decoderPrompt = DecoderPrompt.From(prompt, 1024, 1024);
        float[]? previous = feedBack ? Previous() : null;

        float[] basic = Decode(GraphOptimizationLevel.ORT_ENABLE_BASIC, embedding, decoderPrompt, previous);
        float[] all = Decode(GraphOptimizationLevel.ORT_ENABLE_ALL, embedding, decoderPrompt, previous);

        float worst = 0, scale = 0;
        int flipped = 0;
        for (int i = 0; i < basic.Length; i++)
        {
            worst = Math.Max(worst, Math.Abs(basic[i] - all[i]));
            scale = Math.Max(scale, Math.Abs(basic[i]));
            flipped += (basic[i] > 0) != (all[i] > 0) && Math.Abs(basic[i]) > Tolerance ? 1 : 0;
        }

        Assert.IsGreaterThan(0.5f, scale, $"{shape}: the decoder answered with something to compare");
        Assert.IsLessThanOrEqualTo(Tolerance, worst, $"{shape}{(feedBack ? " with the previous mask" : string.Empty)}: max |logit difference| {worst:G3} of {scale:G3}");
        Assert.AreEqual(0, flipped, $"{shape}: mask values that changed side");
    }

    /// <summary>
    /// The real decoder through HqSam's own path (its encoder is the analytic one: the decoder only
    /// sees the embedding's shapes), at the given level; all four channels' logits.
    /// </summary>
    private static float[] Decode(GraphOptimizationLevel level, ImageEmbedding embedding, DecoderPrompt prompt, float[]? previous)
    {
        using var pool = OnnxSessionPool.CreatePrivate();
        var files = new ModelFiles(Path.Combine(TestModelPair.Directory, ModelFiles.EncoderFileName), Decoder);
        using OnnxSamModel model = OnnxSamModel.Load(files, new ModelLoadOptions { Pool = pool, Settings = new SessionSettings { DecoderLevel = level } });
        var output = new LowResMasks();
        model.Decode(embedding, prompt, previous, output);
        return [.. output.Logits];
    }

    /// <summary>Features with the spread of real ones; the comparison is between two optimisations of one graph.</summary>
    private static ImageEmbedding Features()
    {
        var rng = new Random(7);
        var embedding = new ImageEmbedding();
        foreach (float[] plane in new[] { embedding.ImageEmbed, embedding.HighResFeats0, embedding.HighResFeats1 })
        {
            for (int i = 0; i < plane.Length; i++)
            {
                plane[i] = (float)((rng.NextDouble() * 2) - 1);
            }
        }

        return embedding;
    }

    /// <summary>A previous mask as SAM 2 feeds it back: logits clamped to ±32, here a disc.</summary>
    private static float[] Previous()
    {
        var logits = new float[LowResMasks.PlaneLength];
        for (int y = 0; y < 256; y++)
        {
            for (int x = 0; x < 256; x++)
            {
                logits[(y * 256) + x] = Math.Clamp(60 - MathF.Sqrt(((x - 110) * (x - 110)) + ((y - 130) * (y - 130))), -32, 32);
            }
        }

        return logits;
    }
}
