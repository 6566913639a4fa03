using HqSam.Cli;
using Microsoft.Extensions.Time.Testing;

namespace HqSam.Tests.Cli;

/// <summary>The progress line: drawn only past a second, redrawn in place, blanked when the step ends.</summary>
[TestClass]
public sealed class TerminalProgressTests
{
    [TestMethod]
    public void AStepShorterThanASecondLeavesNothing()
    {
        (TerminalProgress progress, StringWriter written, FakeTimeProvider time) = Make();
        using (progress.Step("loading the model"))
        {
            time.Advance(TimeSpan.FromMilliseconds(900));
        }

        time.Advance(TimeSpan.FromSeconds(5));
        Assert.AreEqual(string.Empty, written.ToString());
    }

    [TestMethod]
    public void ALongStepIsRedrawnInPlaceWithWhatItUsuallyTakesAndBlankedAtTheEnd()
    {
        (TerminalProgress progress, StringWriter written, FakeTimeProvider time) = Make();
        using (progress.Step("encoding the image", TimeSpan.FromSeconds(11.6)))
        {
            time.Advance(TimeSpan.FromSeconds(1));
            StringAssert.StartsWith(written.ToString(), "\rencoding the image: 1.0 s (usually about 12 s)");
            time.Advance(TimeSpan.FromMilliseconds(250));
            StringAssert.EndsWith(written.ToString(), "\rencoding the image: 1.3 s (usually about 12 s)");
        }

        string all = written.ToString();
        int width = "encoding the image: 1.3 s (usually about 12 s)".Length;
        StringAssert.EndsWith(all, "\r" + new string(' ', width) + "\r", "the line is blanked, the cursor back at its start");
        int before = all.Length;
        time.Advance(TimeSpan.FromSeconds(3));
        Assert.AreEqual(before, written.ToString().Length, "no redraw after the end");
    }

    [TestMethod]
    public void AShorterLineBlanksWhatTheLongerOneLeft()
    {
        (TerminalProgress progress, StringWriter written, _) = Make();
        progress.Show("decoder.onnx [####] 10.0/20.0 MiB");
        progress.Show("done");
        StringAssert.EndsWith(written.ToString(), "\rdone" + new string(' ', "decoder.onnx [####] 10.0/20.0 MiB".Length - 4));
    }

    [TestMethod]
    public void DisabledItWritesNothing()
    {
        (TerminalProgress progress, StringWriter written, FakeTimeProvider time) = Make(enabled: false);
        using (progress.Step("encoding the image"))
        {
            time.Advance(TimeSpan.FromSeconds(10));
            progress.Show("a download's bar");
        }

        Assert.AreEqual(string.Empty, written.ToString());
    }

    [TestMethod]
    public void EndingAnEarlierStepDoesNotEndTheCurrentOne()
    {
        (TerminalProgress progress, StringWriter written, FakeTimeProvider time) = Make();
        IDisposable first = progress.Step("reading scene.png");
        using IDisposable second = progress.Step("loading the model");
        first.Dispose();
        time.Advance(TimeSpan.FromSeconds(2));
        StringAssert.Contains(written.ToString(), "loading the model: 2.0 s");
    }

    private static (TerminalProgress Progress, StringWriter Written, FakeTimeProvider Time) Make(bool enabled = true)
    {
        var time = new FakeTimeProvider();
        var written = new StringWriter();
        return (new TerminalProgress(written, time) { Enabled = enabled }, written, time);
    }
}
