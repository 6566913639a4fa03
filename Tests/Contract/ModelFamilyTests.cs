using HqSam.Core.Caching;
using HqSam.Core.Contract;
using HqSam.Core.Editing;
using HqSam.Core.Imaging;
using HqSam.Core.Masks;
using HqSam.Core.Pipeline;
using HqSam.Core.Prompts;
using HqSam.Interop.Onnx;
using HqSam.TestModels;
using HqSam.Tests.Support;

namespace HqSam.Tests.Contract;

/// <summary>
/// Plain SAM 2.1 (three masks, no HQ mask) beside HQ-SAM 2.1: the family is told by the decoder's
/// outputs, a plain model selects with its best-scoring mask, and HQ-SAM's behaviour does not change.
/// The analytic plain decoder is the HQ one without channel 3, so the two must agree on channels 0-2.
/// </summary>
[TestClass]
public sealed class ModelFamilyTests
{
    private const int W = 320, H = 240;

    [TestMethod]
    [DataRow(false)]
    [DataRow(true)]
    public void TheDecodersOutputsTellTheFamily(bool symbolic)
    {
        using OnnxSamModel plain = OnnxSamModel.Load(TestModelPair.WriteVariant(new TestModelOptions { PlainSam = true, SymbolicOutputs = symbolic }));
        Assert.AreEqual(ModelFamily.Sam21, plain.Family);
        using OnnxSamModel hq = OnnxSamModel.Load(TestModelPair.WriteVariant(new TestModelOptions { SymbolicOutputs = symbolic }));
        Assert.AreEqual(ModelFamily.HqSam21, hq.Family);
        Assert.AreEqual(ModelFamily.HqSam21, TestModelPair.Model.Family);
    }

    [TestMethod]
    public void APlainModelSelectsWithItsBestMaskWhichIsTheHqModelsSameChannel()
    {
        using OnnxSamModel plain = OnnxSamModel.Load(TestModelPair.WriteVariant(new TestModelOptions { PlainSam = true }));
        BgraImage image = Scene.Standard().Render(W, H);
        var click = new SegmentationPrompt([new PointPrompt(102.4f, 120f)]);

        SegmentationResult chosen = new SamPredictor(plain, new EmbeddingCache()).Segment(image, click);
        Assert.AreEqual(1, chosen.Channel, "iou_predictions = [0.3, 0.8, 0.5]: the best is mask 1");
        SegmentationResult same = new SamPredictor(TestModelPair.Model, new EmbeddingCache()).Segment(image, click, new SegmentationOptions { Mask = MaskChoice.OfIndex(1) });
        CollectionAssert.AreEqual(same.Mask.ToArray(), chosen.Mask.ToArray());
        CollectionAssert.AreEqual(same.LowResLogits, chosen.LowResLogits, "the refinement input is the chosen mask's logits, as on HQ-SAM");

        // HQ-SAM without a choice still selects with its HQ mask.
        Assert.AreEqual(SamContract.HqMaskIndex, new SamPredictor(TestModelPair.Model, new EmbeddingCache()).Segment(image, click).Channel);
    }

    [TestMethod]
    [DataRow("hq")]
    [DataRow("hq+best")]
    [DataRow("3")]
    public void AChoiceThatNeedsTheHqMaskIsRefusedOnAPlainModelBeforeTheEncode(string choice)
    {
        using OnnxSamModel loaded = OnnxSamModel.Load(TestModelPair.WriteVariant(new TestModelOptions { PlainSam = true }));
        using var plain = new CountingModel(loaded);
        var options = new SegmentationOptions { Mask = MaskChoice.TryParse(choice) };
        var e = Assert.ThrowsExactly<PromptException>(() => new SamPredictor(plain, new EmbeddingCache()).Segment(Scene.Standard().Render(W, H), new SegmentationPrompt([new PointPrompt(10, 10)]), options));
        StringAssert.StartsWith(e.Message, $"the '{choice}' mask needs an HQ-SAM model; this one is plain SAM 2.1");
        Assert.AreEqual(0, plain.Encodes, "refused before the expensive encode");
    }

    [TestMethod]
    public void TheDialogsSettingsForHqSamKeepWorkingOnAPlainModel()
    {
        // The effects' mask option defaults to the HQ mask; on a plain model the nearest mask, the best-scoring one, is used.
        using OnnxSamModel plain = OnnxSamModel.Load(TestModelPair.WriteVariant(new TestModelOptions { PlainSam = true }));
        BgraImage layer = Scene.Standard().Render(W, H);
        var settings = new EditorSettings { Points = [new PointPrompt(102.4f, 120f)], Mask = MaskChoice.Hq, EdgeStrength = 0 };
        RenderState hq = new EditorSession(plain, new EmbeddingCache()).Update(layer, settings);
        RenderState best = new EditorSession(plain, new EmbeddingCache()).Update(layer, settings with { Mask = MaskChoice.Best });
        Assert.IsNull(hq.Error);
        CollectionAssert.AreEqual(best.Coverage?.ToArray(), hq.Coverage?.ToArray());
        Assert.IsGreaterThan(0L, MaskMetrics.Count(hq.Coverage!));
    }

    [TestMethod]
    public void BuffersForOneFamilyAreRefusedByTheOther()
    {
        using OnnxSamModel plain = OnnxSamModel.Load(TestModelPair.WriteVariant(new TestModelOptions { PlainSam = true }));
        Assert.HasCount(3 * LowResMasks.PlaneLength, new LowResMasks(ModelFamily.Sam21).Logits);
        Assert.HasCount(4 * LowResMasks.PlaneLength, new LowResMasks().Logits);
        DecoderPrompt prompt = DecoderPrompt.From(new SegmentationPrompt([new PointPrompt(1, 1)]), 4, 4);
        Assert.ThrowsExactly<ArgumentException>(() => plain.Decode(new ImageEmbedding(), prompt, null, new LowResMasks(ModelFamily.HqSam21)));
    }
}
