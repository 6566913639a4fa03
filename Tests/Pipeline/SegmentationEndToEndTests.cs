using HqSam.Core.Caching;
using HqSam.Core.Imaging;
using HqSam.Core.Masks;
using HqSam.Core.Pipeline;
using HqSam.Core.Prompts;
using HqSam.Tests.Support;

namespace HqSam.Tests.Pipeline;

/// <summary>
/// Pixels → mask through real ONNX Runtime sessions with the analytic test models, judged by IoU
/// against the scene's exact truth at the source resolution.
/// </summary>
[TestClass]
public sealed class SegmentationEndToEndTests
{
    // Two reds close in colour (squared normalised distance 0.37: inside the HQ threshold 0.5, outside
    // the tight 0.05), an orange (red > blue, far from both reds) and a blue square, on grey.
    private static Scene Similar() => new Scene(205, 212, 222)
        .Ellipse(0.25, 0.35, 0.14, 0.2, 215, 40, 35)
        .Rect(0.55, 0.15, 0.85, 0.5, 190, 60, 50)
        .Rect(0.55, 0.62, 0.85, 0.9, 230, 150, 40)
        .Rect(0.1, 0.7, 0.3, 0.9, 30, 60, 200);

    [TestMethod]
    [DataRow(16, 16, 0.55)]
    [DataRow(64, 256, 0.9)]
    [DataRow(256, 64, 0.9)]
    [DataRow(640, 480, 0.95)]
    [DataRow(4000, 1000, 0.95)]
    [DataRow(1000, 4000, 0.95)]
    [DataRow(4000, 3000, 0.95)]
    public void ClickSelectsTheObjectAtAnySizeAndAspect(int width, int height, double minIoU)
    {
        Scene scene = Scene.Standard();
        BgraImage image = scene.Render(width, height);
        var predictor = new SamPredictor(TestModelPair.Model, new EmbeddingCache());
        for (int shape = 0; shape < 2; shape++)
        {
            (float x, float y) = scene.Centre(shape, width, height);
            SegmentationResult result = predictor.Segment(image, new SegmentationPrompt([new PointPrompt(x, y)]));

            Assert.AreEqual(width, result.Mask.Width);
            Assert.AreEqual(height, result.Mask.Height);
            double iou = MaskMetrics.IoU(result.Mask, scene.Truth(shape, width, height));
            Assert.IsGreaterThanOrEqualTo(minIoU, iou, $"shape {shape} at {width}x{height}: IoU {iou:0.000}");
        }
    }

    [TestMethod]
    public void BoxAloneSelectsTheObjectInsideIt()
    {
        Scene scene = Scene.Standard();
        const int W = 800, H = 600;
        BgraImage image = scene.Render(W, H);
        var predictor = new SamPredictor(TestModelPair.Model, new EmbeddingCache());
        // The green rectangle spans x 0.58-0.9, y 0.22-0.78; the box adds a margin.
        var prompt = new SegmentationPrompt(box: new BoxPrompt(0.55f * W, 0.18f * H, 0.93f * W, 0.82f * H));
        SegmentationResult result = predictor.Segment(image, prompt);
        Assert.IsGreaterThanOrEqualTo(0.95, MaskMetrics.IoU(result.Mask, scene.Truth(1, W, H)));
    }

    [TestMethod]
    public void BoxLimitsAClickAndReversedCornersMeanTheSameBox()
    {
        Scene scene = Scene.Standard();
        const int W = 800, H = 600;
        BgraImage image = scene.Render(W, H);
        var predictor = new SamPredictor(TestModelPair.Model, new EmbeddingCache());
        (float cx, float cy) = scene.Centre(0, W, H);

        // Box over the left half of the disc only: the click selects the disc, the box cuts it.
        var box = new BoxPrompt(0, 0, cx, H);
        SegmentationResult result = predictor.Segment(image, new SegmentationPrompt([new PointPrompt(cx - 20, cy)], box));
        byte[] truth = scene.Truth(0, W, H);
        for (int y = 0; y < H; y++)
        {
            for (int x = (int)cx; x < W; x++)
            {
                truth[(y * W) + x] = 0;
            }
        }

        Assert.IsGreaterThanOrEqualTo(0.93, MaskMetrics.IoU(result.Mask, truth));

        var reversed = new BoxPrompt(cx, H, 0, 0);
        SegmentationResult again = predictor.Segment(image, new SegmentationPrompt([new PointPrompt(cx - 20, cy)], reversed));
        CollectionAssert.AreEqual(result.Mask.ToArray(), again.Mask.ToArray());
    }

    [TestMethod]
    public void NegativePointExcludesASimilarObject()
    {
        Scene scene = Similar();
        const int W = 900, H = 600;
        BgraImage image = scene.Render(W, H);
        var predictor = new SamPredictor(TestModelPair.Model, new EmbeddingCache());
        (float ax, float ay) = scene.Centre(0, W, H);
        (float bx, float by) = scene.Centre(1, W, H);

        byte[] both = Union(scene.Truth(0, W, H), scene.Truth(1, W, H));
        SegmentationResult positiveOnly = predictor.Segment(image, new SegmentationPrompt([new PointPrompt(ax, ay)]));
        Assert.IsGreaterThanOrEqualTo(0.95, MaskMetrics.IoU(positiveOnly.Mask, both), "HQ threshold takes both reds");

        SegmentationResult withNegative = predictor.Segment(image, new SegmentationPrompt([new PointPrompt(ax, ay), new PointPrompt(bx, by, Positive: false)]));
        Assert.IsGreaterThanOrEqualTo(0.95, MaskMetrics.IoU(withNegative.Mask, scene.Truth(0, W, H)), "the negative click removes the second red");
    }

    [TestMethod]
    public void OnlyNegativePointsSelectNothing()
    {
        Scene scene = Scene.Standard();
        BgraImage image = scene.Render(320, 240);
        var predictor = new SamPredictor(TestModelPair.Model, new EmbeddingCache());
        SegmentationResult result = predictor.Segment(image, new SegmentationPrompt([new PointPrompt(100, 120, Positive: false)]));
        Assert.AreEqual(0, MaskMetrics.Count(result.Mask));
    }

    [TestMethod]
    public void MaskChoicePicksTheRightChannel()
    {
        Scene scene = Similar();
        const int W = 900, H = 600;
        BgraImage image = scene.Render(W, H);
        var predictor = new SamPredictor(TestModelPair.Model, new EmbeddingCache());
        (float ax, float ay) = scene.Centre(0, W, H);
        var click = new SegmentationPrompt([new PointPrompt(ax, ay)]);
        byte[] a = scene.Truth(0, W, H), b = scene.Truth(1, W, H), orange = scene.Truth(2, W, H);

        SegmentationResult Run(MaskChoice c) => predictor.Segment(image, click, new SegmentationOptions { Mask = c });

        SegmentationResult hq = Run(MaskChoice.Hq);
        Assert.AreEqual(3, hq.Channel);
        Assert.IsGreaterThanOrEqualTo(0.95, MaskMetrics.IoU(hq.Mask, Union(a, b)));

        SegmentationResult tight = Run(MaskChoice.OfIndex(0));
        Assert.AreEqual(0, tight.Channel);
        Assert.IsGreaterThanOrEqualTo(0.93, MaskMetrics.IoU(tight.Mask, a), "channel 0's tight threshold takes the clicked red only");

        // iou_predictions = [0.3, 0.8, 0.5]: "best" is channel 1.
        SegmentationResult best = Run(MaskChoice.Best);
        Assert.AreEqual(1, best.Channel);
        CollectionAssert.AreEqual(Run(MaskChoice.OfIndex(1)).Mask.ToArray(), best.Mask.ToArray());
        CollectionAssert.AreEqual(new[] { 0.3f, 0.8f, 0.5f }, best.Iou);

        // Channel 2 is "red above blue": both reds and the orange, not the grey or the blue square.
        SegmentationResult red = Run(MaskChoice.OfIndex(2));
        Assert.IsGreaterThanOrEqualTo(0.95, MaskMetrics.IoU(red.Mask, Union(Union(a, b), orange)));

        // hq+best adds channel 1's logits to channel 3's: both reds are in both, so both stay.
        SegmentationResult combined = Run(MaskChoice.HqPlusBest);
        Assert.AreEqual(1, combined.Channel);
        Assert.IsGreaterThanOrEqualTo(0.95, MaskMetrics.IoU(combined.Mask, Union(a, b)));
    }

    [TestMethod]
    public void RedStaysRedThroughThePipeline()
    {
        // Channel 2 selects where R > B. With BGR fed to the encoder the blue square would be selected instead.
        var scene = new Scene(128, 128, 128).Rect(0.1, 0.1, 0.4, 0.4, 220, 30, 30).Rect(0.6, 0.6, 0.9, 0.9, 30, 30, 220);
        BgraImage image = scene.Render(500, 500);
        var predictor = new SamPredictor(TestModelPair.Model, new EmbeddingCache());
        SegmentationResult result = predictor.Segment(image, new SegmentationPrompt([new PointPrompt(10, 10)]), new SegmentationOptions { Mask = MaskChoice.OfIndex(2) });
        double iou = MaskMetrics.IoU(result.Mask, scene.Truth(0, 500, 500));
        Assert.IsGreaterThanOrEqualTo(0.9, iou, $"IoU {iou:0.000}, selected {MaskMetrics.Count(result.Mask)}");
    }

    [TestMethod]
    public void PreviousMaskRefinesTheNextDecode()
    {
        Scene scene = Similar();
        const int W = 900, H = 600;
        BgraImage image = scene.Render(W, H);
        var predictor = new SamPredictor(TestModelPair.Model, new EmbeddingCache());
        (float ax, float ay) = scene.Centre(0, W, H);
        byte[] a = scene.Truth(0, W, H);

        // First: a box around the first red only.
        SegmentationResult first = predictor.Segment(image, new SegmentationPrompt(box: new BoxPrompt(0.08f * W, 0.1f * H, 0.42f * W, 0.6f * H)));
        Assert.IsGreaterThanOrEqualTo(0.93, MaskMetrics.IoU(first.Mask, a));

        // Then a click alone would take both reds; fed the first mask, it keeps to the first.
        var click = new SegmentationPrompt([new PointPrompt(ax, ay)]);
        SegmentationResult unrefined = predictor.Segment(image, click);
        Assert.IsLessThan(0.7, MaskMetrics.IoU(unrefined.Mask, a));
        SegmentationResult refined = predictor.Segment(image, click, new SegmentationOptions { PreviousLowResLogits = first.LowResLogits });
        Assert.IsGreaterThanOrEqualTo(0.93, MaskMetrics.IoU(refined.Mask, a));
    }

    [TestMethod]
    public void TimingsCoverEveryStageAndCacheHitsSkipTheEncoder()
    {
        BgraImage image = Scene.Standard().Render(300, 200);
        var predictor = new SamPredictor(TestModelPair.Model, new EmbeddingCache());
        var prompt = new SegmentationPrompt([new PointPrompt(96, 100)]);
        var first = new StageTimings();
        predictor.Segment(image, prompt, timings: first);
        foreach (Stage s in new[] { Stage.Preprocess, Stage.Encode, Stage.Decode, Stage.Postprocess })
        {
            Assert.IsNotNull(first[s], $"{s} not timed");
        }

        foreach (Stage s in new[] { Stage.PreprocessZoom, Stage.EncodeZoom, Stage.DecodeZoom, Stage.PostprocessZoom })
        {
            Assert.IsNull(first[s], $"{s}: nothing was small enough to look at closer");
        }

        var second = new StageTimings();
        predictor.Segment(image, prompt, timings: second);
        Assert.IsNull(second[Stage.Encode], "the cached embedding is reused");
        Assert.IsNull(second[Stage.Preprocess]);
        Assert.IsNotNull(second[Stage.Decode]);
        StringAssert.Matches(first.Lines().First(), new System.Text.RegularExpressions.Regex(@"^preprocess \d+(\.\d+)? ms$"));
    }

    private static byte[] Union(byte[] a, byte[] b) => [.. a.Zip(b, (x, y) => (byte)(x | y))];
}
