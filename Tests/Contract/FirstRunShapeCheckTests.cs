using HqSam.Core.Caching;
using HqSam.Core.Contract;
using HqSam.Core.Prompts;
using HqSam.Interop.Onnx;
using HqSam.Interop.Providers;
using HqSam.Interop.Sessions;
using HqSam.TestModels;
using HqSam.Tests.Support;

namespace HqSam.Tests.Contract;

/// <summary>
/// A pair whose outputs only a run can size (as real exports declare them): its first run is checked
/// against the contract from outputs ONNX Runtime allocates and copied into the caller's buffers,
/// later runs write into the buffers directly. Both must give what the exact pair gives, and a file
/// whose first run breaks the contract must keep failing with the contract's line, not once.
/// </summary>
[TestClass]
public sealed class FirstRunShapeCheckTests
{
    [TestMethod]
    public void ASymbolicPairGivesTheExactPairsOutputsOnItsCheckedFirstRunAndAfter()
    {
        using OnnxSamModel symbolic = OnnxSamModel.Load(TestModelPair.WriteVariant(new TestModelOptions { SymbolicOutputs = true }));
        OnnxSamModel exact = TestModelPair.Model;

        float[] image = new float[SamContract.ImageSpec.ElementCount];
        for (int i = 0; i < image.Length; i++)
        {
            image[i] = (i * 7919 % 1000) / 500f - 1f; // varied, so a buffer left unwritten or half copied shows
        }

        ImageEmbedding expected = new(), first = new(), second = new();
        exact.Encode(image, expected);
        symbolic.Encode(image, first);
        symbolic.Encode(image, second);
        foreach (ImageEmbedding actual in (ImageEmbedding[])[first, second])
        {
            CollectionAssert.AreEqual(expected.ImageEmbed, actual.ImageEmbed);
            CollectionAssert.AreEqual(expected.HighResFeats0, actual.HighResFeats0);
            CollectionAssert.AreEqual(expected.HighResFeats1, actual.HighResFeats1);
        }

        DecoderPrompt prompt = DecoderPrompt.From(new SegmentationPrompt([new PointPrompt(300, 200), new PointPrompt(40, 30, false)]), 640, 480);
        var want = new LowResMasks();
        exact.Decode(expected, prompt, null, want);
        for (int run = 1; run <= 2; run++)
        {
            var got = new LowResMasks();
            symbolic.Decode(first, prompt, null, got);
            CollectionAssert.AreEqual(want.Logits, got.Logits, $"run {run}");
            CollectionAssert.AreEqual(want.Iou, got.Iou, $"run {run}");
        }
    }

    [TestMethod]
    public void AFirstRunThatBreaksTheContractFailsWithItsLineEveryTime()
    {
        // Two masks fit neither family. The session is not trusted again (nor kept, with its memory),
        // so the next decode builds a new one and checks it again, rather than letting ONNX Runtime
        // write two masks into the buffers for four.
        using var pool = OnnxSessionPool.CreatePrivate();
        string dir = TestModelPair.WriteVariant(new TestModelOptions { KeepMasks = 2, SymbolicOutputs = true });
        using OnnxSamModel model = OnnxSamModel.Load(dir, new ModelLoadOptions { Pool = pool });
        string decoder = Path.Combine(dir, "decoder.onnx");
        var key = new SessionKey(decoder, OnnxSessionFactory.FileIdentity(decoder), ModelRole.Decoder, ExecutionProvider.Cpu, 0, SessionSettings.Default);
        Assert.AreEqual(1, pool.IdleCount(key), "the decoder's session made at load");

        DecoderPrompt prompt = DecoderPrompt.From(new SegmentationPrompt([new PointPrompt(10, 10)]), 64, 48);
        for (int attempt = 1; attempt <= 2; attempt++)
        {
            var e = Assert.ThrowsExactly<ModelContractException>(() => model.Decode(new ImageEmbedding(), prompt, null, new LowResMasks()), $"attempt {attempt}");
            StringAssert.Contains(e.Message, "output 'low_res_masks' has shape [1,2,256,256], expected [1,4,256,256]");
            StringAssert.Contains(e.Message, decoder);
            Assert.AreEqual(0, pool.IdleCount(key), $"attempt {attempt}: the session that broke the contract was not put back");
        }

        Assert.AreEqual(2, pool.CreatedCount(key), "the session made at load (used by the first attempt), then a fresh one for the second");
        Assert.AreEqual(0, pool.LiveCount(key), "nothing leaked");
    }
}
