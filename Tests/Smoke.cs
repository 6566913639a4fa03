using HqSam.Core.Imaging;
using HqSam.Core.Pipeline;
using HqSam.Core.Prompts;
using HqSam.Interop.Onnx;
using HqSam.TestModels;

namespace HqSam.Tests;

[TestClass]
public sealed class Smoke
{
    [TestMethod]
    public void RunsEndToEnd()
    {
        string dir = Path.Combine(Path.GetTempPath(), "hqsam-smoke");
        TestModelFactory.WritePair(dir);
        using var model = OnnxSamModel.Load(dir);
        var img = BgraImage.Solid(64, 48, 10, 200, 30);
        var p = new SamPredictor(model, new Core.Caching.EmbeddingCache());
        var r = p.Segment(img, new SegmentationPrompt([new PointPrompt(10, 10)]));
        Console.WriteLine($"{r.SelectedPixelCount} {r.Channel} {string.Join(",", r.Iou)}");
        Assert.AreEqual(64 * 48, r.SelectedPixelCount);
    }
}
