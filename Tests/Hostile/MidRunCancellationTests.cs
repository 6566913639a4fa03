using System.Diagnostics;
using HqSam.Core.Contract;
using HqSam.Interop.Onnx;
using HqSam.Interop.Sessions;
using HqSam.TestModels;
using HqSam.Tests.Support;

namespace HqSam.Tests.Hostile;

/// <summary>
/// Cancellation while ONNX Runtime is inside <c>Run</c>: the terminate flag must stop the run
/// promptly, give the session back, and leave it usable. The encoder is a generated chain of matrix
/// products, slow enough to be caught mid-run.
/// </summary>
[TestClass]
public sealed class MidRunCancellationTests
{
    [TestMethod]
    [Timeout(180_000, CooperativeCancellation = true)]
    public void CancellingARunningEncodeReturnsPromptlyAndTheSessionWorksAfterwards()
    {
        string dir = TestModelPair.WriteVariant(new TestModelOptions { SlowEncoderSteps = 120 });
        using SessionPool<SessionKey, OnnxSession> pool = OnnxSessionPool.CreatePrivate();
        using OnnxSamModel model = OnnxSamModel.Load(dir, new ModelLoadOptions { Pool = pool });
        var image = new float[3 * 1024 * 1024];

        // How long an uncancelled run takes here.
        var full = Stopwatch.StartNew();
        model.Encode(image, new ImageEmbedding());
        full.Stop();
        Assert.IsGreaterThan(600, full.ElapsedMilliseconds, $"the chain must be slow enough to catch mid-run ({full.ElapsedMilliseconds} ms)");

        for (int attempt = 0; attempt < 2; attempt++)
        {
            using var cts = new CancellationTokenSource();
            Task run = Task.Run(() => model.Encode(image, new ImageEmbedding(), cts.Token));
            Thread.Sleep((int)(full.ElapsedMilliseconds / 4)); // well inside Run
            Assert.IsFalse(run.IsCompleted, "still running when cancelled");
            var sinceCancel = Stopwatch.StartNew();
            cts.Cancel();
            var e = Assert.ThrowsExactly<AggregateException>(() => run.Wait(TimeSpan.FromSeconds(60)));
            sinceCancel.Stop();
            Assert.IsInstanceOfType<OperationCanceledException>(e.InnerException);
            Assert.IsLessThan(full.ElapsedMilliseconds / 2, sinceCancel.ElapsedMilliseconds, "the run stopped well before it would have finished");
        }

        // The session went back to the pool (a leaked lease would make this wait for ever) and still works.
        var after = new ImageEmbedding();
        Task again = Task.Run(() => model.Encode(image, after));
        Assert.IsTrue(again.Wait(TimeSpan.FromSeconds(120)), "the encoder session is free again");
        Assert.IsTrue(after.ImageEmbed.All(float.IsFinite));
    }
}
