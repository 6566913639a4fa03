using HqSam.Core.Caching;
using HqSam.Core.Editing;
using HqSam.Core.Imaging;
using HqSam.Core.Masks;
using HqSam.Core.Prompts;
using HqSam.Tests.Support;
using static HqSam.Tests.Cli.CliRunner;

namespace HqSam.Tests.Cli;

/// <summary>The soft edge as the command line and the editor session apply it: after grow, before feather, estimated from the image.</summary>
[TestClass]
public sealed class SoftEdgeOptionTests
{
    private const int W = 320, H = 240;

    [TestMethod]
    public void SegmentSoftensTheMaskItWouldOtherwiseWriteAndFeatherComesAfter()
    {
        (string work, string image) = SceneFolder("soft-edge", "scene.png", W, H);
        BgraImage layer = Scene.Standard().Render(W, H);
        string click = "102,120";

        byte[] expected = Segment(work, image, "-p", click, "--grow", "2");
        SoftEdge.Apply(layer, expected, 6);
        CollectionAssert.AreEqual(expected, Segment(work, image, "-p", click, "--grow", "2", "--soft-edge", "6"));
        Assert.IsTrue(expected.Any(v => v is > 0 and < 255), "partial alpha along the edge");

        MaskFeather.Apply(expected, W, H, 3);
        CollectionAssert.AreEqual(expected, Segment(work, image, "-p", click, "--grow", "2", "--soft-edge", "6", "--feather", "3"));
    }

    [TestMethod]
    public void TheEditorSessionAppliesItToTheLayerItSelectsIn()
    {
        BgraImage layer = Scene.Standard().Render(W, H);
        (float x, float y) = Scene.Standard().Centre(0, W, H);
        var settings = new EditorSettings { Points = [new PointPrompt(x, y)] };
        byte[] plain = new EditorSession(TestModelPair.Model, new EmbeddingCache()).Update(layer, settings).Coverage!.ToArray();
        byte[] soft = new EditorSession(TestModelPair.Model, new EmbeddingCache()).Update(layer, settings with { SoftEdge = 4 }).Coverage!.ToArray();
        SoftEdge.Apply(layer, plain, 4);
        CollectionAssert.AreEqual(plain, soft);
    }

    private static byte[] Segment(string work, string image, params string[] extra) => SegmentMask(work, image, W, H, extra);
}
