using HqSam.Core.Models;

namespace HqSam.Tests.Models;

/// <summary>What `models verify` decides from a parity report, at each bound, and what it prints; a download's progress figures.</summary>
[TestClass]
public sealed class ParityReportTests
{
    // Within every bound: relative differences exactly at the tolerance, no flipped value.
    private static readonly ParityReport AtTheBounds = new("PyTorch", 12, EncoderMaxDiff: 0.002, EncoderScale: 2, LogitMaxDiff: 0.02, LogitScale: 20, IouMaxDiff: ModelParity.IouTolerance, MaskValues: 786432, FlippedValues: 0);

    [TestMethod]
    public void EachBoundPassesAtItsToleranceAndFailsJustBeyondIt()
    {
        Assert.AreEqual(ModelParity.RelativeTolerance, AtTheBounds.RelativeEncoderDiff, 1e-15);
        Assert.AreEqual(ModelParity.RelativeTolerance, AtTheBounds.RelativeLogitDiff, 1e-15);
        Assert.IsTrue(AtTheBounds.Passed);

        Assert.IsFalse((AtTheBounds with { FlippedValues = 1 }).Passed, "one flipped mask value");
        Assert.IsFalse((AtTheBounds with { EncoderMaxDiff = 0.0021 }).Passed, "encoder");
        Assert.IsFalse((AtTheBounds with { LogitMaxDiff = 0.021 }).Passed, "logits");
        Assert.IsFalse((AtTheBounds with { IouMaxDiff = ModelParity.IouTolerance * 1.1 }).Passed, "IoU");
    }

    [TestMethod]
    public void AReferenceOfZerosDoesNotDivideByZero()
    {
        var zeros = AtTheBounds with { EncoderMaxDiff = 0, EncoderScale = 0, LogitMaxDiff = 0, LogitScale = 0 };
        Assert.AreEqual(0, zeros.RelativeEncoderDiff);
        Assert.AreEqual(0, zeros.RelativeLogitDiff);
        Assert.IsTrue(zeros.Passed);
        Assert.IsFalse((zeros with { LogitMaxDiff = 1e-6 }).Passed, "any difference against a zero reference is far beyond the tolerance");
    }

    [TestMethod]
    public void TheLinePrintedSaysEveryFigure()
    {
        Assert.AreEqual(
            "parity with PyTorch over 12 prompts: encoder max |diff| 0.002 (relative 0.001), low-res logits max |diff| 0.02 (relative 0.001), IoU max |diff| 0.001, 0 of 786432 mask values flipped",
            AtTheBounds.ToString());
    }

    [TestMethod]
    public void ADownloadsProgressGivesItsShareAndTimeLeft()
    {
        var progress = new DownloadProgress("encoder.onnx", Done: 250, Total: 1000, BytesPerSecond: 50);
        Assert.AreEqual(0.25, progress.Fraction);
        Assert.AreEqual(TimeSpan.FromSeconds(15), progress.Remaining);
        Assert.IsNull((progress with { BytesPerSecond = 0 }).Remaining, "no rate yet: no estimate");
        Assert.AreEqual(0, (progress with { Total = 0 }).Fraction, "an unknown size");
    }

    [TestMethod]
    public void AResumedDownloadsRateCountsOnlyWhatThisAttemptFetched()
    {
        // 400 of 1000 bytes were there from an earlier attempt; this one fetched 200 more in 2 s.
        DownloadProgress resumed = DownloadProgress.Of("decoder.onnx", done: 600, total: 1000, startedAt: 400, TimeSpan.FromSeconds(2));
        Assert.AreEqual(new DownloadProgress("decoder.onnx", 600, 1000, 100), resumed);
        Assert.AreEqual(TimeSpan.FromSeconds(4), resumed.Remaining);
        Assert.AreEqual(64_000, DownloadProgress.Of("decoder.onnx", 64, 1000, 0, TimeSpan.Zero).BytesPerSecond, "a first chunk at once counts a millisecond");
    }
}
