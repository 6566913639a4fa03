using HqSam.Core.Caching;
using HqSam.Core.Editing;
using HqSam.Core.Imaging;
using HqSam.Core.Prompts;
using HqSam.Interop.Onnx;
using HqSam.TestModels;
using HqSam.Tests.Support;

namespace HqSam.Tests.Editing;

/// <summary>Choosing another model in the click dialog: the layer is prepared again with it, and the points stay and are decoded with it.</summary>
[TestClass]
public sealed class ModelChangeTests
{
    private const int W = 320, H = 240;

    [TestMethod]
    public async Task TheLayerIsPreparedAgainAndThePointsAreDecodedWithTheNewModel()
    {
        BgraImage layer = Scene.Standard().Render(W, H);
        using var hq = new CountingModel(TestModelPair.Model);
        using OnnxSamModel plainLoaded = OnnxSamModel.Load(TestModelPair.WriteVariant(new TestModelOptions { PlainSam = true }));
        using var plain = new CountingModel(plainLoaded);
        using var dialog = new ClickDialogController(layer, () => hq, cache: new EmbeddingCache());
        await dialog.SetViewport(400, 300);
        await dialog.StartEncoding();
        (double vx, double vy) = dialog.View.ImageToView(102.4 + 0.5, 120 + 0.5);
        dialog.View.MouseDown(vx, vy, MouseButton.Left);
        Assert.IsTrue(dialog.View.MouseUp(vx, vy));
        await dialog.PromptChanged();
        await dialog.WhenIdle();
        byte[] withHq = dialog.Result!.State.Coverage!.ToArray();

        await dialog.ChangeModel(() => plain);
        await dialog.WhenIdle();
        Assert.AreEqual(DialogPhase.Ready, dialog.Phase, dialog.Status);
        Assert.AreEqual(1, plain.Encodes, "the layer prepared again, with the new model");
        Assert.HasCount(1, dialog.Settings.Points, "the point stays");

        // What the new model makes of the same settings, decoded on its own.
        RenderState expected = new EditorSession(plain, new EmbeddingCache()).Update(layer, dialog.Settings);
        CollectionAssert.AreEqual(expected.Coverage?.ToArray(), dialog.Result!.State.Coverage?.ToArray());
        CollectionAssert.AreNotEqual(withHq, dialog.Result.State.Coverage?.ToArray(), "the plain model's best mask is not the HQ mask here");
        int hqDecodes = hq.Decodes;

        // Later clicks go to the new model only.
        (double ox, double oy) = dialog.View.ImageToView(200.5, 60.5);
        dialog.View.MouseDown(ox, oy, MouseButton.Right);
        Assert.IsTrue(dialog.View.MouseUp(ox, oy));
        await dialog.PromptChanged();
        await dialog.WhenIdle();
        Assert.AreEqual(hqDecodes, hq.Decodes);
    }
}
