using HqSam.Core.Contract;
using HqSam.Core.Prompts;

namespace HqSam.Tests.Prompts;

[TestClass]
public sealed class DecoderPromptTests
{
    [TestMethod]
    public void EachAxisScalesOnItsOwnTo1024()
    {
        // 4:1 and 1:4: x and y scale by different factors because SAM 2 stretches.
        var wide = DecoderPrompt.From(new SegmentationPrompt([new PointPrompt(2000, 250)]), 4000, 1000);
        CollectionAssert.AreEqual(new[] { 512f, 256f }, wide.Coords);
        var tall = DecoderPrompt.From(new SegmentationPrompt([new PointPrompt(250, 2000)]), 1000, 4000);
        CollectionAssert.AreEqual(new[] { 256f, 512f }, tall.Coords);
    }

    [TestMethod]
    public void BoxCornersComeFirstThenClicksAndNoPaddingPoint()
    {
        var prompt = new SegmentationPrompt(
            [new PointPrompt(10, 20), new PointPrompt(30, 40, Positive: false)],
            new BoxPrompt(100, 80, 20, 10)); // reversed corners
        var encoded = DecoderPrompt.From(prompt, 1024, 1024);
        CollectionAssert.AreEqual(new[] { 2f, 3f, 1f, 0f }, encoded.Labels);
        CollectionAssert.AreEqual(new[] { 20f, 10f, 100f, 80f, 10f, 20f, 30f, 40f }, encoded.Coords);
        Assert.DoesNotContain(SamContract.PaddingLabel, encoded.Labels, "the export appends its own padding point");
    }

    [TestMethod]
    public void ClicksWithoutABoxAreSentAlone()
    {
        var encoded = DecoderPrompt.From(new SegmentationPrompt([new PointPrompt(0, 0)]), 10, 10);
        Assert.AreEqual(1, encoded.Count);
        CollectionAssert.AreEqual(new[] { 1f }, encoded.Labels);
    }

    [TestMethod]
    [DataRow(-1f, 5f, "outside the 100x50 image")]
    [DataRow(100f, 5f, "outside the 100x50 image")]
    [DataRow(5f, 50f, "outside the 100x50 image")]
    [DataRow(float.NaN, 5f, "not a finite coordinate")]
    [DataRow(5f, float.PositiveInfinity, "not a finite coordinate")]
    [DataRow(1e30f, 5f, "outside the 100x50 image")]
    public void BadPointsAreErrorsNotClamps(float x, float y, string expected)
    {
        var e = Assert.ThrowsExactly<PromptException>(() => DecoderPrompt.From(new SegmentationPrompt([new PointPrompt(x, y)]), 100, 50));
        StringAssert.Contains(e.Message, expected);
    }

    [TestMethod]
    public void NoPromptIsAnError()
    {
        var e = Assert.ThrowsExactly<PromptException>(() => DecoderPrompt.From(new SegmentationPrompt(), 10, 10));
        StringAssert.Contains(e.Message, "no prompt");
    }

    [TestMethod]
    [DataRow(10f, 10f, 10f, 40f, "zero area")]
    [DataRow(10f, 10f, 40f, 10f, "zero area")]
    [DataRow(-5f, 0f, 10f, 10f, "outside")]
    [DataRow(0f, 0f, 101f, 10f, "outside")]
    public void BadBoxesAreErrors(float x0, float y0, float x1, float y1, string expected)
    {
        var e = Assert.ThrowsExactly<PromptException>(() => DecoderPrompt.From(new SegmentationPrompt(box: new BoxPrompt(x0, y0, x1, y1)), 100, 50));
        StringAssert.Contains(e.Message, expected);
    }

    [TestMethod]
    public void BoxMayTouchTheFarEdges()
    {
        var encoded = DecoderPrompt.From(new SegmentationPrompt(box: new BoxPrompt(0, 0, 100, 50)), 100, 50);
        CollectionAssert.AreEqual(new[] { 0f, 0f, 1024f, 1024f }, encoded.Coords);
    }

    [TestMethod]
    public void ABoxPrintsItsCornersWithoutRecursing()
    {
        // The record's generated ToString printed Normalized (itself a box) without end: a stack overflow.
        Assert.AreEqual("BoxPrompt { X0 = 30, Y0 = 40.5, X1 = 10, Y1 = 20 }", new BoxPrompt(30, 40.5f, 10, 20).ToString());
        StringAssert.Contains(new SegmentationPrompt([new PointPrompt(1, 2)], new BoxPrompt(0, 0, 5, 5)).ToString(), "X1 = 5");
    }
}
