using HqSam.TestModels.Quality;

namespace HqSam.Tests.Quality;

/// <summary>
/// The soft-edge decision on the judging scenes (photographs and outlines never tuned on;
/// docs/selection-quality.md, "Soft edges"): what it ships on, held, and the figures the docs print.
/// </summary>
[TestClass]
public sealed class SoftEdgeQualityTests
{
    private static readonly Lazy<List<SoftEdgeJudgement.Row>> Rows = new(() => [.. SoftEdgeJudgement.Measure(tuning: false, SoftEdgeJudgement.Baselines)]);

    [TestMethod]
    public void OnSoftBoundariesTogetherItBeatsFeatheringAtEveryWidthAndOnHardOnesStaysWithinOnePercentOfBinary()
    {
        foreach (int width in SoftEdgeJudgement.Widths)
        {
            (double alpha, double gradient) soft = Soft(width, "soft edge"), feather = Soft(width, "feather");
            Assert.IsLessThan(feather.alpha, soft.alpha, $"width {width}: alpha error");
            Assert.IsLessThan(feather.gradient, soft.gradient, $"width {width}: gradient error");
            Assert.IsLessThanOrEqualTo(Mean(SoftEdgeKind.Hard, width, "binary").Alpha + 0.01, Mean(SoftEdgeKind.Hard, width, "soft edge").Alpha, $"width {width}: hard edges");
            Assert.IsLessThan(Mean(SoftEdgeKind.Hair, width, "binary").Alpha, Mean(SoftEdgeKind.Hair, width, "soft edge").Alpha, $"width {width}: hair, against the binary mask");
        }
    }

    [TestMethod]
    [DataRow(SoftEdgeKind.Hard, 2, 0.0030, 0.0057, 0.0165)]
    [DataRow(SoftEdgeKind.Hard, 8, 0.0091, 0.0057, 0.0645)]
    [DataRow(SoftEdgeKind.Blurred, 4, 0.0229, 0.0369, 0.0126)]
    [DataRow(SoftEdgeKind.Hair, 4, 0.0065, 0.0116, 0.0433)]
    [DataRow(SoftEdgeKind.MotionBlurred, 8, 0.0101, 0.0282, 0.0358)]
    public void TheDocsFiguresHold(SoftEdgeKind kind, int width, double soft, double binary, double feather)
    {
        // docs/selection-quality.md's judging table, to its printed precision (and a rounding step).
        Assert.AreEqual(soft, Mean(kind, width, "soft edge").Alpha, 0.00015, "soft edge");
        Assert.AreEqual(binary, Mean(kind, width, "binary").Alpha, 0.00015, "binary");
        Assert.AreEqual(feather, Mean(kind, width, "feather").Alpha, 0.00015, "feather");
    }

    private static (double Alpha, double Gradient) Mean(SoftEdgeKind kind, int width, string method)
    {
        var rows = Rows.Value.Where(r => r.Kind == kind && r.Width == width && r.Method == method).ToList();
        return (rows.Average(r => r.AlphaError), rows.Average(r => r.GradientError));
    }

    private static (double Alpha, double Gradient) Soft(int width, string method)
    {
        var rows = Rows.Value.Where(r => r.Kind != SoftEdgeKind.Hard && r.Width == width && r.Method == method).ToList();
        return (rows.Average(r => r.AlphaError), rows.Average(r => r.GradientError));
    }
}
