using HqSam.Cli;
using HqSam.Tests.Support;

namespace HqSam.Tests.Cli;

/// <summary>What the slow stages took on this machine: the median of the last few, per stage, model and device.</summary>
[TestClass]
public sealed class StageHistoryTests
{
    [TestMethod]
    public void TheUsualTimeIsTheMedianOfTheLastFiveForThatStageModelAndDevice()
    {
        var history = new StageHistory(Path.Combine(TestModelPair.NewFolder("history"), StageHistory.FileName));
        Assert.IsNull(history.Usual(StageHistory.Encode, "/models/a", "auto"));
        foreach (int ms in new[] { 90_000, 12_000, 11_000, 13_000, 50_000, 12_500 })
        {
            history.Record(StageHistory.Encode, "/models/a", "auto", TimeSpan.FromMilliseconds(ms));
        }

        history.Record(StageHistory.Encode, "/models/b", "auto", TimeSpan.FromSeconds(3));
        history.Record(StageHistory.Encode, "/models/a", "cuda", TimeSpan.FromSeconds(0.4));
        history.Record(StageHistory.Load, "/models/a", "auto", TimeSpan.FromSeconds(4));

        // The first (90 s) has left the five; of 12, 11, 13, 50 and 12.5 the median is 12.5.
        Assert.AreEqual(TimeSpan.FromMilliseconds(12_500), history.Usual(StageHistory.Encode, "/models/a", "auto"));
        Assert.AreEqual(TimeSpan.FromSeconds(3), history.Usual(StageHistory.Encode, "/models/b", "auto"));
        Assert.AreEqual(TimeSpan.FromSeconds(0.4), history.Usual(StageHistory.Encode, "/models/a", "cuda"));
        Assert.AreEqual(TimeSpan.FromSeconds(4), history.Usual(StageHistory.Load, "/models/a", "auto"));
        Assert.IsNull(history.Usual(StageHistory.Load, "/models/b", "auto"));
    }

    [TestMethod]
    public void ADamagedLineIsNoExpectationAndIsReplacedOnTheNextRecord()
    {
        string path = Path.Combine(TestModelPair.NewFolder("history"), StageHistory.FileName);
        var history = new StageHistory(path);
        history.Record(StageHistory.Encode, "/models/a", "auto", TimeSpan.FromSeconds(12));
        File.WriteAllText(path, File.ReadAllText(path).Replace("12000", "12000,lots", StringComparison.Ordinal));
        Assert.IsNull(history.Usual(StageHistory.Encode, "/models/a", "auto"));

        history.Record(StageHistory.Encode, "/models/a", "auto", TimeSpan.FromSeconds(10));
        Assert.AreEqual(TimeSpan.FromSeconds(10), history.Usual(StageHistory.Encode, "/models/a", "auto"));
    }

    [TestMethod]
    public void AFileThatCannotBeWrittenIsPassedOverWithoutAWord()
    {
        // A folder where the file should be: reading and writing it fail; recording must not throw.
        string path = Path.Combine(TestModelPair.NewFolder("history"), StageHistory.FileName);
        Directory.CreateDirectory(path);
        var history = new StageHistory(path);
        history.Record(StageHistory.Load, "/models/a", "auto", TimeSpan.FromSeconds(4));
        Assert.IsNull(history.Usual(StageHistory.Load, "/models/a", "auto"));
        Assert.IsEmpty(Directory.GetFiles(Path.GetDirectoryName(path)!), "no temporary file left behind");
    }
}
