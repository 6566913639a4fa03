using HqSam.Core.Caching;
using HqSam.Core.Editing;
using HqSam.Core.Imaging;
using HqSam.Core.Masks;
using HqSam.Core.Prompts;
using HqSam.Interop.Onnx;
using HqSam.TestModels;
using HqSam.Tests.Support;

namespace HqSam.Tests.Editing;

/// <summary>The host-neutral editor session, driven the way Paint.NET drives an effect.</summary>
[TestClass]
public sealed class EditorSessionTests
{
    private const int W = 400, H = 300;

    private static readonly Scene SceneOf = Scene.Standard();

    private static EditorSettings Click(int shape = 0)
    {
        (float x, float y) = SceneOf.Centre(shape, W, H);
        return new EditorSettings { Points = [new PointPrompt(x, y)] };
    }

    [TestMethod]
    public void EncodesOncePerLayerAndDecodesOnlyWhenHintsChange()
    {
        using var model = new CountingModel(TestModelPair.Model);
        var session = new EditorSession(model, new EmbeddingCache());
        BgraImage layer = SceneOf.Render(W, H);

        session.Update(layer, Click(0));
        session.Update(layer, Click(0) with { Feather = 4 });          // edge only
        session.Update(layer, Click(0) with { Output = OutputMode.Mask }); // output only
        Assert.AreEqual(1, model.Decodes, "edge and output tweaks re-use the decoded mask");
        session.Update(layer, Click(1));                                // new hint
        session.Update(layer, Click(1) with { Mask = MaskChoice.Best }); // new mask choice
        Assert.AreEqual(3, model.Decodes);
        Assert.AreEqual(1, model.Encodes, "one encode per layer content");

        // Re-opening the dialog on the same layer: a new session, the shared cache still holds the embedding.
        var shared = new EmbeddingCache();
        new EditorSession(model, shared).Update(layer, Click(0));
        new EditorSession(model, shared).Update(layer, Click(1));
        Assert.AreEqual(2, model.Encodes, "a second dialog on the same cache does not encode again");
    }

    [TestMethod]
    public void ALayerEditBetweenTokensIsEncodedAgain()
    {
        using var model = new CountingModel(TestModelPair.Model);
        var session = new EditorSession(model, new EmbeddingCache());
        session.Update(SceneOf.Render(W, H), Click(0));
        BgraImage edited = new Scene(205, 212, 222).Ellipse(0.32, 0.5, 0.16, 0.2, 40, 170, 70).Render(W, H);
        RenderState state = session.Update(edited, Click(0));
        Assert.AreEqual(2, model.Encodes);
        Assert.IsGreaterThanOrEqualTo(0.95, MaskMetrics.IoU(state.Coverage, SceneOf.Truth(0, W, H)), "same disc, new colour");
    }

    [TestMethod]
    public void TilesOnManyThreadsAssembleTheSameImageAsOnePass()
    {
        var session = new EditorSession(TestModelPair.Model, new EmbeddingCache());
        BgraImage layer = SceneOf.Render(W, H);
        foreach (OutputMode mode in Enum.GetValues<OutputMode>())
        {
            RenderState state = session.Update(layer, Click(0) with { Output = mode, Feather = 3 });
            byte[] whole = new byte[W * H * 4];
            TileRenderer.Render(state, layer, 0, 0, W, H, whole, W * 4);

            byte[] tiled = new byte[W * H * 4];
            const int tile = 64;
            var tiles = from ty in Enumerable.Range(0, (H + tile - 1) / tile)
                        from tx in Enumerable.Range(0, (W + tile - 1) / tile)
                        select (tx * tile, ty * tile);
            Parallel.ForEach(tiles, new ParallelOptions { MaxDegreeOfParallelism = 8 }, t =>
            {
                int tw = Math.Min(tile, W - t.Item1), th = Math.Min(tile, H - t.Item2);
                var buffer = new byte[tw * th * 4];
                TileRenderer.Render(state, layer, t.Item1, t.Item2, tw, th, buffer, tw * 4);
                for (int y = 0; y < th; y++)
                {
                    buffer.AsSpan(y * tw * 4, tw * 4).CopyTo(tiled.AsSpan((((t.Item2 + y) * W) + t.Item1) * 4));
                }
            });
            CollectionAssert.AreEqual(whole, tiled, $"{mode}");
        }
    }

    [TestMethod]
    public void OutputModesWriteWhatTheyPromise()
    {
        var session = new EditorSession(TestModelPair.Model, new EmbeddingCache());
        BgraImage layer = SceneOf.Render(W, H);
        byte[] truth = SceneOf.Truth(0, W, H);
        (float cx, float cy) = SceneOf.Centre(0, W, H);
        int inside = ((int)cy * W) + (int)cx, outside = (5 * W) + 5;

        byte[] Render(EditorSettings s)
        {
            RenderState state = session.Update(layer, s);
            var px = new byte[W * H * 4];
            TileRenderer.Render(state, layer, 0, 0, W, H, px, W * 4);
            return px;
        }

        byte[] cut = Render(Click(0));
        Assert.AreEqual(255, cut[(inside * 4) + 3]);
        Assert.AreEqual(0, cut[(outside * 4) + 3]);
        Assert.AreEqual(layer.Pixels.Span[inside * 4], cut[inside * 4], "colour kept");
        byte[] alpha = [.. Enumerable.Range(0, W * H).Select(i => cut[(i * 4) + 3])];
        Assert.IsGreaterThanOrEqualTo(0.95, MaskMetrics.IoU(alpha, truth));

        byte[] mask = Render(Click(0) with { Output = OutputMode.Mask });
        Assert.AreEqual(255, mask[inside * 4]);
        Assert.AreEqual(0, mask[outside * 4]);
        Assert.AreEqual(255, mask[(outside * 4) + 3], "opaque");

        byte[] inverted = Render(Click(0) with { Output = OutputMode.Mask, Invert = true });
        Assert.AreEqual(0, inverted[inside * 4]);
        Assert.AreEqual(255, inverted[outside * 4]);

        byte[] tint = Render(Click(0) with { Output = OutputMode.Tint });
        Assert.AreNotEqual(layer.Pixels.Span[inside * 4], tint[inside * 4], "selection tinted");
        Assert.AreEqual(layer.Pixels.Span[outside * 4], tint[outside * 4], "rest untouched");

        byte[] grown = Render(Click(0) with { Output = OutputMode.Mask, Grow = 10 });
        byte[] shrunk = Render(Click(0) with { Output = OutputMode.Mask, Grow = -10 });
        long baseCount = MaskMetrics.Count(Channel(mask)), grownCount = MaskMetrics.Count(Channel(grown)), shrunkCount = MaskMetrics.Count(Channel(shrunk));
        Assert.IsGreaterThan(baseCount, grownCount);
        Assert.IsLessThan(baseCount, shrunkCount);

        byte[] feathered = Render(Click(0) with { Output = OutputMode.Mask, Feather = 8 });
        Assert.IsTrue(Channel(feathered).Any(b => b is > 0 and < 255), "soft edge");
        Assert.AreEqual(255, feathered[inside * 4], "inside stays solid");
    }

    [TestMethod]
    public void SelectionBoundsRefineWhenAsked()
    {
        var session = new EditorSession(TestModelPair.Model, new EmbeddingCache());
        BgraImage layer = SceneOf.Render(W, H);
        var rough = new BoxPrompt(0.55f * W, 0.18f * H, 0.93f * W, 0.82f * H); // around the green rectangle
        RenderState refined = session.Update(layer, new EditorSettings { SelectionBounds = rough });
        Assert.IsGreaterThanOrEqualTo(0.95, MaskMetrics.IoU(refined.Coverage, SceneOf.Truth(1, W, H)));

        RenderState ignored = session.Update(layer, new EditorSettings { SelectionBounds = rough, UseSelectionAsBox = false });
        Assert.IsNull(ignored.Coverage, "no hint at all: the layer stays as it is");
        StringAssert.Contains(ignored.Notice, "Add a point");
    }

    [TestMethod]
    public void CancellationMidEncodeKeepsThePreviousStateAndLeaksNothing()
    {
        using var pool = HqSam.Interop.Sessions.OnnxSessionPool.CreatePrivate();
        using OnnxSamModel real = OnnxSamModel.Load(TestModelPair.Directory, new ModelLoadOptions { Pool = pool });
        using var model = new CountingModel(real);
        var session = new EditorSession(model, new EmbeddingCache());
        BgraImage first = SceneOf.Render(W, H);
        RenderState before = session.Update(first, Click(0));

        model.BlockEncodeUntilCancelled = true;
        using var cts = new CancellationTokenSource();
        BgraImage second = new Scene(1, 2, 3).Rect(0.1, 0.1, 0.5, 0.5, 200, 10, 10).Render(W, H);
        Task update = Task.Run(() => session.Update(second, Click(0), cancellationToken: cts.Token));
        Assert.IsTrue(model.EncodeStarted.Wait(TimeSpan.FromSeconds(10)));
        cts.Cancel();
        Assert.ThrowsExactly<OperationCanceledException>(() => update.GetAwaiter().GetResult());
        Assert.AreSame(before, session.State, "the previous state stands");

        model.BlockEncodeUntilCancelled = false;
        RenderState after = session.Update(second, Click(0));
        Assert.IsNotNull(after.Coverage);
        string encoder = Path.Combine(TestModelPair.Directory, "encoder.onnx");
        var key = new HqSam.Interop.Sessions.SessionKey(encoder, HqSam.Interop.Sessions.OnnxSessionFactory.FileIdentity(encoder), HqSam.Interop.Sessions.ModelRole.Encoder, HqSam.Interop.Providers.ExecutionProvider.Cpu, 0, SessionSettings.Default);
        Assert.AreEqual(1, pool.LiveCount(key), "one encoder session, idle: nothing leaked");
        Assert.AreEqual(1, pool.IdleCount(key));
    }

    [TestMethod]
    public void AModelFailureLeavesTheLayerUntouchedWithAMessage()
    {
        string dir = TestModelPair.WriteVariant(new TestModelOptions { NaNLogits = true });
        using OnnxSamModel broken = OnnxSamModel.Load(dir);
        var session = new EditorSession(broken, new EmbeddingCache());
        BgraImage layer = SceneOf.Render(W, H);
        RenderState state = session.Update(layer, Click(0));
        Assert.IsNull(state.Coverage);
        StringAssert.Contains(state.Error, "non-finite");
        var px = new byte[W * H * 4];
        TileRenderer.Render(state, layer, 0, 0, W, H, px, W * 4);
        CollectionAssert.AreEqual(layer.Pixels.ToArray(), px, "the layer is copied as it was");
    }

    [TestMethod]
    public void APointOutsideTheLayerIsAMessageNotACrash()
    {
        var session = new EditorSession(TestModelPair.Model, new EmbeddingCache());
        RenderState state = session.Update(SceneOf.Render(W, H), new EditorSettings { Points = [new PointPrompt(W + 5, 3)] });
        Assert.IsNull(state.Coverage);
        StringAssert.Contains(state.Error, "outside the 400x300 image");
    }

    private static byte[] Channel(byte[] bgra) => [.. Enumerable.Range(0, bgra.Length / 4).Select(i => bgra[i * 4])];
}
