using HqSam.Core.Caching;
using HqSam.Core.Contract;
using HqSam.Core.Editing;
using HqSam.Core.Models;
using HqSam.Interop.Onnx;
using HqSam.Plugin;
using HqSam.TestModels;
using HqSam.Tests.Support;
using PaintDotNet;
using PaintDotNet.Effects;
using PaintDotNet.Facade;
using PaintDotNet.PropertySystem;
using PaintDotNet.Rendering;

namespace HqSam.Tests.Plugin;

/// <summary>
/// The render side both effects share (<c>EffectRenderer</c>): which model a render uses as the dialog
/// changes, what reaches the model host before a load, and what an unexpected failure leaves behind.
/// </summary>
[TestClass]
public sealed class EffectRendererTests
{
    private const int W = 320, H = 240;

    [TestMethod]
    public void ChoosingAnotherModelAndBackInOneDialogRendersWithEachInTurn()
    {
        var store = new ModelStore(TestModelPair.NewFolder("renderer-store"));
        store.Import(TestModelPair.WriteVariant(new TestModelOptions { PlainSam = true }), "small", family: ModelFamily.Sam21);
        using OnnxSamModel plain = OnnxSamModel.Load(store.DirectoryOf("small"));
        var asked = new List<string>();
        var models = new ModelHost(() => TestModelPair.Model, folder =>
        {
            asked.Add(folder);
            return plain;
        }, () => store);

        Scene scene = Scene.Standard();
        using var host = new FakePaintDotNetHost(scene.Render(W, H));
        var effect = new SmartSelectEffect(new RecordingErrorPresenter(), models: models);
        effect.HostAttach(host);
        PropertyCollection props = effect.HostCreatePropertyCollection();
        // HQ-SAM's mask and plain SAM's best one differ on the disc (checked below).
        (float cx, float cy) = scene.Centre(0, W, H);
        props[PropertyNames.Point1]!.Value = Pair.Create(((cx + 0.5) / W * 2) - 1, ((cy + 0.5) / H * 2) - 1);
        props[PropertyNames.MaskChoice]!.Value = MaskOption.HighQuality;
        effect.HostInitializeRenderInfo(new HostEnvironment.RenderInfo());

        byte[] Render(string label)
        {
            props[PropertyNames.Model]!.Value = label;
            SmartSelectEffectTests.RenderToken(effect, props, host, 64);
            return effect.LastState!.Coverage!.ToArray();
        }

        byte[] Expected(ISamModel model, string? folder)
        {
            EditorSettings settings = DialogProperties.Read(new PropertyBasedEffectConfigToken(props), new PixelRect(0, 0, W, H), null) with { Model = folder };
            return new EditorSession(model, new EmbeddingCache()).Update(scene.Render(W, H), settings).Coverage!.ToArray();
        }

        byte[] first = Render(ModelHost.DefaultChoice);
        byte[] chosen = Render("small (SAM 2.1)");
        byte[] back = Render(ModelHost.DefaultChoice);
        CollectionAssert.AreNotEqual(Expected(TestModelPair.Model, null), Expected(plain, store.DirectoryOf("small")), "the two models must differ here for this test to tell them apart");
        CollectionAssert.AreEqual(Expected(TestModelPair.Model, null), first);
        CollectionAssert.AreEqual(Expected(plain, store.DirectoryOf("small")), chosen, "rendered with the model chosen second");
        CollectionAssert.AreEqual(first, back, "and with the default again when it is chosen back");
        CollectionAssert.AreEqual(new[] { store.DirectoryOf("small") }, asked, "the chosen model loaded once");
    }

    [TestMethod]
    public void PaintDotNetsServicesReachTheModelHostBeforeTheFirstLoad()
    {
        // The GPU the user picked in Paint.NET decides where the model loads: it must be known then.
        ModelHost? models = null;
        HqSam.Plugin.HostServices.HostAdapter? atLoad = null;
        models = new ModelHost(() =>
        {
            atLoad = models!.Adapter;
            return TestModelPair.Model;
        });

        using var host = new FakePaintDotNetHost(Scene.Standard().Render(W, H));
        var effect = new SmartSelectEffect(new RecordingErrorPresenter(), models: models);
        effect.HostAttach(host);
        PropertyCollection props = effect.HostCreatePropertyCollection();
        effect.HostInitializeRenderInfo(new HostEnvironment.RenderInfo());
        effect.HostSetToken(new PropertyBasedEffectConfigToken(props));
        effect.HostRender(host.Tiles(W).First());

        Assert.IsNotNull(atLoad, "the host's adapter was taken before the model loaded");
        StringAssert.Contains(atLoad.Line, "offers no rendering adapter", "this stand-in host has no adapter service, as Paint.NET before 5.1: the line says so");
    }

    [TestMethod]
    public void AnUnexpectedFailureLeavesTheLayerAsItWasAndSaysWhatHappenedOnce()
    {
        var models = new ModelHost(() => new FailingModel());
        using var host = new FakePaintDotNetHost(Scene.Standard().Render(W, H));
        var errors = new RecordingErrorPresenter();
        var effect = new SmartSelectEffect(errors, models: models);
        effect.HostAttach(host);
        PropertyCollection props = effect.HostCreatePropertyCollection();
        effect.HostInitializeRenderInfo(new HostEnvironment.RenderInfo());
        for (int token = 0; token < 2; token++)
        {
            SmartSelectEffectTests.RenderToken(effect, props, host, 64);
        }

        CollectionAssert.AreEqual(host.SourcePixels, host.OutputPixels, "layer untouched");
        CollectionAssert.AreEqual(new[] { "Smart Select: unexpected InvalidOperationException: the encoder's buffers went missing" }, errors.Messages.ToArray());
    }

    /// <summary>A model that fails in a way no pipeline error describes (a bug, not a bad file).</summary>
    private sealed class FailingModel : ISamModel
    {
        public string Identity => "failing";

        public ModelFamily Family => ModelFamily.HqSam21;

        public void Encode(float[] image, ImageEmbedding output, CancellationToken cancellationToken = default) =>
            throw new InvalidOperationException("the encoder's buffers\nwent missing");

        public void Decode(ImageEmbedding embedding, DecoderPrompt prompt, float[]? maskInput, LowResMasks output, CancellationToken cancellationToken = default) =>
            throw new InvalidOperationException("not reached");

        public void Dispose()
        {
        }
    }
}
