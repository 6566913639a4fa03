using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using HqSam.Core.Caching;
using HqSam.Core.Editing;
using HqSam.Core.Imaging;
using HqSam.Core.Masks;
using HqSam.Core.Pipeline;
using HqSam.Core.Prompts;
using HqSam.Tests.Support;

namespace HqSam.Tests.Pipeline;

/// <summary>
/// A result handed back (<see cref="SamPredictor.Recycle"/>) lends its pixels to the next mask of its
/// size, so a click does not pay for a fresh mask's pages: what is written there must be exactly what
/// a fresh mask would hold, and nothing anyone still reads may be handed back.
/// </summary>
[TestClass]
public sealed class MaskRecyclingTests
{
    // Over 85,000 bytes: the masks live on the large-object heap, which the collector does not move,
    // so two references to the same pixels stay comparable across calls.
    private const int W = 400, H = 300;

    private static readonly Scene SceneOf = Scene.Standard();

    private static SegmentationPrompt ClickOn(int shape, int width = W, int height = H)
    {
        (float x, float y) = SceneOf.Centre(shape, width, height);
        return new SegmentationPrompt([new PointPrompt(x, y)]);
    }

    [TestMethod]
    public void ARecycledMaskIsDisposedAndTheNextOfItsSizeIsWrittenIntoItsPixelsAsAFreshOneWouldBe()
    {
        BgraImage image = SceneOf.Render(W, H);
        var predictor = new SamPredictor(TestModelPair.Model, new EmbeddingCache());
        SegmentationResult first = predictor.Segment(image, ClickOn(0));
        ref byte lent = ref MemoryMarshal.GetReference(first.Mask.Pixels);

        predictor.Recycle(first);
        Assert.ThrowsExactly<ObjectDisposedException>(() => first.Mask.Pixels.Length, "a recycled result's mask cannot be read");
        SegmentationResult second = predictor.Segment(image, ClickOn(1));

        Assert.IsTrue(Unsafe.AreSame(ref lent, ref MemoryMarshal.GetReference(second.Mask.Pixels)), "the next mask of that size reuses the pixels");
        byte[] fresh = new SamPredictor(TestModelPair.Model, new EmbeddingCache()).Segment(image, ClickOn(1)).Mask.ToArray();
        CollectionAssert.AreEqual(fresh, second.Mask.ToArray(), "nothing of the first object is left in the second's mask");
        Assert.IsGreaterThanOrEqualTo(0.95, MaskMetrics.IoU(second.Mask, SceneOf.Truth(1, W, H)));
    }

    [TestMethod]
    public void AMaskOfAnotherSizeIsNewAndTheSparePixelsWaitForTheirSize()
    {
        var predictor = new SamPredictor(TestModelPair.Model, new EmbeddingCache());
        SegmentationResult first = predictor.Segment(SceneOf.Render(W, H), ClickOn(0));
        ref byte lent = ref MemoryMarshal.GetReference(first.Mask.Pixels);
        predictor.Recycle(first);

        SegmentationResult other = predictor.Segment(SceneOf.Render(W + 100, H), ClickOn(0, W + 100, H));
        Assert.IsFalse(Unsafe.AreSame(ref lent, ref MemoryMarshal.GetReference(other.Mask.Pixels)), "a 500 x 300 mask is not written into a 400 x 300 one's pixels");
        Assert.IsGreaterThanOrEqualTo(0.95, MaskMetrics.IoU(other.Mask, SceneOf.Truth(0, W + 100, H)));
        SegmentationResult again = predictor.Segment(SceneOf.Render(W, H), ClickOn(1));
        Assert.IsTrue(Unsafe.AreSame(ref lent, ref MemoryMarshal.GetReference(again.Mask.Pixels)), "the spare pixels were kept for their size");
    }

    [TestMethod]
    public void TheSessionRecyclesOnlyWhatNobodyReadsStatesAndTheHoverOutlineKeepTheirMasks()
    {
        var session = new EditorSession(TestModelPair.Model, new EmbeddingCache());
        BgraImage layer = SceneOf.Render(W, H);
        UInt128 hash = session.Prepare(layer);
        EditorSettings ClickSettings(int shape)
        {
            (float x, float y) = SceneOf.Centre(shape, W, H);
            return new EditorSettings { Points = [new PointPrompt(x, y)] };
        }

        // A hover on the disc, the click that takes its decode (as the click dialog updates: crops are
        // encoded beside the clicks), then clicks elsewhere.
        Mask hover = session.Tentative(layer, ClickSettings(0), hash)!;
        byte[] hoverPixels = hover.ToArray();
        RenderState onDisc = session.Update(layer, ClickSettings(0), contentHash: hash, encodeCrops: false);
        byte[] discCoverage = onDisc.Coverage!.ToArray();
        var states = new List<(RenderState State, byte[] Pixels)> { (onDisc, discCoverage) };
        foreach (int shape in new[] { 1, 0, 1, 0 })
        {
            RenderState state = session.Update(layer, ClickSettings(shape), contentHash: hash, encodeCrops: false);
            states.Add((state, state.Coverage!.ToArray()));
        }

        CollectionAssert.AreEqual(hoverPixels, hover.ToArray(), "the hover's outline mask is never handed back");
        foreach ((RenderState state, byte[] pixels) in states)
        {
            CollectionAssert.AreEqual(pixels, state.Coverage!.ToArray(), "a state keeps the coverage it was made with");
        }

        Assert.IsGreaterThanOrEqualTo(0.95, MaskMetrics.IoU(states[^1].State.Coverage!, SceneOf.Truth(0, W, H)));
        Assert.IsGreaterThanOrEqualTo(0.95, MaskMetrics.IoU(states[^2].State.Coverage!, SceneOf.Truth(1, W, H)));
    }
}
