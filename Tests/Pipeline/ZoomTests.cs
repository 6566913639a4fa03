using HqSam.Core.Caching;
using HqSam.Core.Imaging;
using HqSam.Core.Pipeline;
using HqSam.Core.Prompts;
using HqSam.Tests.Support;
using static HqSam.Tests.Cli.CliRunner;

namespace HqSam.Tests.Pipeline;

/// <summary>Zoom-in for small objects: a decision, not a side effect; one crop encode per object; its stages on their own lines.</summary>
[TestClass]
public sealed class ZoomTests
{
    private const int W = 4000, H = 3000;

    // A 40 px disc in a 12 MP image, and five ways a user clicks on it.
    private static readonly Scene SmallDisc = new Scene(205, 212, 222).Ellipse(0.6, 0.4, 0.005, 0.00667, 215, 40, 35);
    private static readonly SegmentationPrompt[] Clicks =
    [
        new([new PointPrompt(2400, 1200)]),
        new([new PointPrompt(2405, 1195)]),
        new([new PointPrompt(2400, 1200), new PointPrompt(2390, 1210)]),
        new([new PointPrompt(2400, 1200), new PointPrompt(2300, 1100, false)]),
        new([new PointPrompt(2400, 1200)], new BoxPrompt(2370, 1170, 2430, 1230)),
    ];

    private static BgraImage? _image;

    private static BgraImage Image => _image ??= SmallDisc.Render(W, H);

    [TestMethod]
    public void FiveClicksOnOneSmallObjectEncodeOneCrop()
    {
        using var model = new CountingModel(TestModelPair.Model);
        var predictor = new SamPredictor(model, new EmbeddingCache());
        byte[] truth = SmallDisc.Truth(0, W, H);
        foreach (SegmentationPrompt click in Clicks)
        {
            SegmentationResult result = predictor.Segment(Image, click, new SegmentationOptions { Zoom = ZoomMode.On });
            Assert.IsGreaterThanOrEqualTo(0.95, MaskMetrics.IoU(result.Mask, truth), "each click sees the disc closely");
        }

        Assert.AreEqual(2, model.Encodes, "the whole image once, and one crop for all five clicks");
    }

    [TestMethod]
    public void CropsSnapToAlignedSquaresThatSuccessiveClicksShare()
    {
        var empty = new byte[W * H];
        ZoomRegion[] crops = [.. Clicks.Select(c => ZoomRegion.Find(empty, W, H, c)!.Value)];
        foreach (ZoomRegion crop in crops)
        {
            Assert.AreEqual(crop.Width, crop.Height, "square");
            Assert.AreEqual(0, crop.Width % ZoomRegion.SmallestSide);
            Assert.IsTrue(System.Numerics.BitOperations.IsPow2(crop.Width / ZoomRegion.SmallestSide), "256 times a power of two");
            Assert.IsTrue(crop.X % (crop.Width / 4) == 0 || crop.X == W - crop.Width, "on the quarter grid or at the edge");
            Assert.IsTrue(crop.Y % (crop.Height / 4) == 0 || crop.Y == H - crop.Height);
        }

        // Once a square is encoded, every click on the same object resolves to it: one encode per object.
        foreach (SegmentationPrompt click in Clicks)
        {
            Assert.AreEqual(crops[0], ZoomRegion.Find(empty, W, H, click, [crops[0]]), click.ToString());
        }

        // An excluding click far away does not widen the crop, and is left out of the crop's prompt.
        SegmentationPrompt shifted = crops[0].Shift(Clicks[3]);
        Assert.HasCount(1, shifted.Points, "the excluding click outside the crop is dropped");

        // A large object is not zoomed.
        var half = new byte[W * H];
        half.AsSpan(0, half.Length / 2).Fill(255);
        Assert.IsNull(ZoomRegion.Find(half, W, H, Clicks[0]));
    }

    [TestMethod]
    [DataRow(ZoomMode.Off, 3600.0, 1)]
    [DataRow(ZoomMode.On, 0.0, 2)]
    [DataRow(ZoomMode.Auto, 0.0, 1)]
    [DataRow(ZoomMode.Auto, 3600.0, 2)]
    public void TheModeAndTheMeasuredEncodeTimeDecide(ZoomMode mode, double maxEncodeSeconds, int expectedEncodes)
    {
        // Auto with a zero budget is a machine whose encodes are slow (a CPU); a huge one, a fast GPU.
        using var model = new CountingModel(TestModelPair.Model);
        var predictor = new SamPredictor(model, new EmbeddingCache(), new EncodeTimes()); // its own record: no other test's encode counts
        var options = new SegmentationOptions { Zoom = mode, AutoZoomMaxEncode = TimeSpan.FromSeconds(maxEncodeSeconds) };
        predictor.Segment(Image, Clicks[0], options);
        Assert.AreEqual(expectedEncodes, model.Encodes);
        Assert.IsNotNull(predictor.MeasuredEncodeTime, "the encode was timed");
    }

    [TestMethod]
    public void TheCliReportsTheCropsStagesOnTheirOwnLines()
    {
        (string work, _) = SceneFolder("zoom-cli", "unused.png");
        string image = Path.Combine(work, "small.png");
        Cli.CliTests.SavePng(image, SmallDisc.Render(2000, 1500));
        string[] args = ["segment", "--image", image, "--models", TestModelPair.Directory, "--point", "1200,600", "--timings"];

        (int code, _, string stderr) = Run([.. args, "--out", FreshPath(work, "on.png"), "--zoom", "on"]);
        Assert.AreEqual(0, code, stderr);
        string[] stages = [.. stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(' ')[0])];
        CollectionAssert.IsSubsetOf(new[] { "preprocess", "encode", "decode", "postprocess", "preprocess-zoom", "encode-zoom", "decode-zoom", "postprocess-zoom" }, stages, stderr);

        (code, _, stderr) = Run([.. args, "--out", FreshPath(work, "off.png"), "--zoom", "off"]);
        Assert.AreEqual(0, code, stderr);
        Assert.DoesNotContain("-zoom", stderr);

        AssertOneLineError(Run([.. args, "--out", FreshPath(work, "x.png"), "--zoom", "maybe"]), "--zoom 'maybe': expected auto, on or off");
        AssertOneLineError(Run([.. args, "--out", FreshPath(work, "x.png"), "--zoom-max-encode", "-1"]), "--zoom-max-encode -1: expected 0 to 3600 seconds");
    }
}
