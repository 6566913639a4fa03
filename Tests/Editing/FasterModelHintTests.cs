using HqSam.Core.Caching;
using HqSam.Core.Contract;
using HqSam.Core.Editing;
using HqSam.Core.Imaging;
using HqSam.Interop.Onnx;
using HqSam.TestModels;
using HqSam.Tests.Support;

namespace HqSam.Tests.Editing;

/// <summary>After a slow encode with HQ-SAM the click dialog says, once, that a plain SAM 2.1 model is faster.</summary>
[TestClass]
public sealed class FasterModelHintTests
{
    private static readonly TimeSpan Slow = TimeSpan.FromSeconds(9);

    [TestMethod]
    public void SaidOnceAfterASlowHqEncodeAndRememberedAcrossRestarts()
    {
        string folder = TestModelPair.NewFolder("hint");
        string? line = new FasterModelHint(folder).After(Slow, ModelFamily.HqSam21);
        Assert.AreEqual("Preparing took 9 s here: a plain SAM 2.1 model (Small or Tiny) prepares a layer several times faster, with somewhat rougher edges: import one and choose it under Model (README, 'A faster model for CPUs').", line);

        var again = new FasterModelHint(folder);
        Assert.IsNull(again.After(Slow, ModelFamily.HqSam21), "the marker remembers it was said");
        Assert.IsTrue(File.Exists(Path.Combine(folder, FasterModelHint.MarkerName)));

        var noFolder = new FasterModelHint(null);
        Assert.IsNotNull(noFolder.After(Slow, ModelFamily.HqSam21));
        Assert.IsNull(noFolder.After(Slow, ModelFamily.HqSam21), "without a folder: once per dialog");
    }

    [TestMethod]
    public void NotForAFastEncodeAPlainModelOrAnEmbeddingFromTheCache()
    {
        var hint = new FasterModelHint(TestModelPair.NewFolder("hint-not"));
        Assert.IsNull(hint.After(FasterModelHint.SlowEncode, ModelFamily.HqSam21), "three seconds is not slow");
        Assert.IsNull(hint.After(Slow, ModelFamily.Sam21), "plain SAM 2.1 is the faster model");
        Assert.IsNull(hint.After(null, ModelFamily.HqSam21), "no encode: the embedding came from a cache");
        Assert.IsNotNull(hint.After(Slow, ModelFamily.HqSam21), "none of those used up the one telling");
    }

    [TestMethod]
    public async Task TheDialogsStatusCarriesItAfterTheEncode()
    {
        // Any encode counts as slow here, so the wiring is tested without a slow model.
        BgraImage layer = Scene.Standard().Render(160, 120);
        var hint = new FasterModelHint(TestModelPair.NewFolder("hint-dialog"), slow: TimeSpan.Zero);
        using (var dialog = new ClickDialogController(layer, () => TestModelPair.Model, cache: new EmbeddingCache(), fasterModel: hint))
        {
            await dialog.StartEncoding();
            await dialog.WhenIdle(); // the first decode round (no point yet) keeps the advice in the status
            StringAssert.Contains(dialog.Status, "Click the object to select it.");
            StringAssert.Contains(dialog.Status, "a plain SAM 2.1 model (Small or Tiny) prepares a layer several times faster");
        }

        using OnnxSamModel plain = OnnxSamModel.Load(TestModelPair.WriteVariant(new TestModelOptions { PlainSam = true }));
        using var plainDialog = new ClickDialogController(layer, () => plain, cache: new EmbeddingCache(), fasterModel: new FasterModelHint(null, slow: TimeSpan.Zero));
        await plainDialog.StartEncoding();
        await plainDialog.WhenIdle();
        Assert.DoesNotContain("faster", plainDialog.Status, "a plain model is the fast one");
    }
}
