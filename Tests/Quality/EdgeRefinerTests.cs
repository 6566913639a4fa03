using System.Diagnostics;
using HqSam.Core.Caching;
using HqSam.Core.Imaging;
using HqSam.Core.Pipeline;
using HqSam.Core.Prompts;
using HqSam.TestModels.Quality;
using HqSam.Tests.Support;

namespace HqSam.Tests.Quality;

[TestClass]
public sealed class EdgeRefinerTests
{
    public static IEnumerable<object[]> Scenes()
    {
        // The last three: docs/selection-quality.md's refined IoU, F@1 and F@3 for the scene, pinned.
        yield return ["hard edges", Scene.Standard(), 0, 4000, 3000, 0.9864, 0.484, 0.642];
        yield return ["thin bar", new Scene(205, 212, 222).Rect(0.1, 0.48, 0.9, 0.515, 30, 60, 200).Ellipse(0.5, 0.2, 0.1, 0.1, 215, 40, 35), 0, 4000, 3000, 0.9725, 0.961, 0.962];
        yield return ["ellipse 24 MP", new Scene(230, 230, 230).Ellipse(0.5, 0.5, 0.3, 0.25, 40, 90, 30), 0, 5657, 4243, 0.9863, 0.301, 0.425];
    }

    [TestMethod]
    [DynamicData(nameof(Scenes))]
    public void RefinedEdgesBeatPlainBilinear(string name, Scene scene, int shape, int w, int h, double iou, double f1, double f3)
    {
        BgraImage image = scene.Render(w, h);
        var predictor = new SamPredictor(TestModelPair.Model, new EmbeddingCache());
        (float x, float y) = scene.Centre(shape, w, h);
        var prompt = new SegmentationPrompt([new PointPrompt(x, y)]);
        byte[] plain = predictor.Segment(image, prompt, new SegmentationOptions { EdgeStrength = 0 }).Mask.ToArray();
        byte[] refined = predictor.Segment(image, prompt).Mask.ToArray(); // refinement is on by default
        byte[] truth = scene.Truth(shape, w, h);

        double iouPlain = MaskMetrics.IoU(plain, truth), iouRefined = MaskMetrics.IoU(refined, truth);
        double f1Plain = BoundaryMetrics.FScore(plain, truth, w, h, 1), f1Refined = BoundaryMetrics.FScore(refined, truth, w, h, 1);
        Console.WriteLine($"{name}: IoU {iouPlain:0.0000} -> {iouRefined:0.0000}, boundary F@1 {f1Plain:0.000} -> {f1Refined:0.000}, F@3 {BoundaryMetrics.FScore(plain, truth, w, h, 3):0.000} -> {BoundaryMetrics.FScore(refined, truth, w, h, 3):0.000}");
        byte[] wide = predictor.Segment(image, prompt, new SegmentationOptions { EdgeStrength = 2 }).Mask.ToArray();
        Console.WriteLine($"{name} strength 2: IoU {MaskMetrics.IoU(wide, truth):0.0000}, F@1 {BoundaryMetrics.FScore(wide, truth, w, h, 1):0.000}, F@3 {BoundaryMetrics.FScore(wide, truth, w, h, 3):0.000}");
        Assert.AreEqual(iou, iouRefined, 0.00015, "docs/selection-quality.md's IoU");
        Assert.AreEqual(f1, f1Refined, 0.0015, "docs/selection-quality.md's F@1");
        Assert.AreEqual(f3, BoundaryMetrics.FScore(refined, truth, w, h, 3), 0.0015, "docs/selection-quality.md's F@3");
        Assert.IsGreaterThan(iouPlain, iouRefined, "IoU");
        Assert.IsGreaterThan(f1Plain, f1Refined, "boundary F-score at 1 px");
        Assert.IsGreaterThanOrEqualTo(BoundaryMetrics.FScore(plain, truth, w, h, 3), BoundaryMetrics.FScore(refined, truth, w, h, 3), "boundary F-score at 3 px");

        // A whole-cell band reaches the analytic decoder's inward offset everywhere on these scenes.
        Assert.IsGreaterThanOrEqualTo(f1Refined, BoundaryMetrics.FScore(wide, truth, w, h, 1), "strength 2 at least as good at 1 px");
        Assert.IsGreaterThanOrEqualTo(iouRefined, MaskMetrics.IoU(wide, truth), "strength 2 at least as good in IoU");
    }
}
