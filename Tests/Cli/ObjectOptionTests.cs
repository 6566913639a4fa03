using HqSam.Core.Masks;
using HqSam.Tests.Support;
using static HqSam.Tests.Cli.CliRunner;

namespace HqSam.Tests.Cli;

/// <summary><c>hqsam segment --object</c>: several objects in one selection, each with its own clicks and box.</summary>
[TestClass]
public sealed class ObjectOptionTests
{
    private const int W = 320, H = 240;

    private static readonly Scene Standard = Scene.Standard();

    [TestMethod]
    public void TheMaskOfSeveralObjectsIsTheUnionOfEachSelectedAlone()
    {
        (string work, string image) = SceneFolder("objects", "scene.png", W, H);
        string a = At(0), b = At(1), c = At(2);

        byte[] expected = Segment(work, image, out _, "-p", a);
        MaskUnion.Into(expected, Segment(work, image, out _, "-p", b));
        MaskUnion.Into(expected, Segment(work, image, out _, "-p", c));

        byte[] together = Segment(work, image, out string stdout, "-p", a, "--object", b, "--object", $"{c} -{a}");
        CollectionAssert.AreEqual(expected, together, "the union, pixel for pixel");
        StringAssert.Contains(stdout, "the union of 3 objects");
        Assert.IsGreaterThanOrEqualTo(0.95, MaskMetrics.IoU(together, Union(Standard.Truth(0, W, H), Standard.Truth(1, W, H), Standard.Truth(2, W, H))));

        // --object alone: the groups are all the objects.
        CollectionAssert.AreEqual(expected, Segment(work, image, out _, "--object", a, "--object", b, "--object", c));

        // An inverted selection of two objects leaves out both.
        byte[] inverted = Segment(work, image, out _, "--object", a, "--object", b, "--invert");
        Assert.AreEqual(0, inverted[Index(0)]);
        Assert.AreEqual(0, inverted[Index(1)]);
        Assert.AreEqual(255, inverted[Index(2)]);
    }

    [TestMethod]
    public void ABoxInAnObjectGroupIsThatObjectsBox()
    {
        (string work, string image) = SceneFolder("objects-box", "scene.png", W, H);
        string box = Box(1);
        CollectionAssert.AreEqual(Segment(work, image, out _, "-b", box), Segment(work, image, out _, "--object", box));
    }

    [TestMethod]
    public void BadGroupsAreRefusedNamingTheGroup()
    {
        (string work, string image) = SceneFolder("objects-bad", "scene.png", W, H);
        string[] Args(params string[] extra) => ["segment", "-i", image, "-m", TestModelPair.Directory, "-o", FreshPath(work, "m.png"), .. extra];

        AssertOneLineError(Run(Args("-p", At(0), "--object", "12,x")), "--object '12,x': 'x' is not a number (expected X,Y)");
        AssertOneLineError(Run(Args("--object", "1,1,50,50 2,2,90,90")), "--object '1,1,50,50 2,2,90,90': one box per object");
        AssertOneLineError(Run(Args("--object", " ; ")), "--object ' ; ': expected points (X,Y, or -X,Y to exclude) and at most one box (X0,Y0,X1,Y1), separated by spaces");
        AssertOneLineError(Run(Args("-p", At(0), "--object", "500,20")), "object 2: point (500, 20) is outside the 320x240 image");
    }

    private static string At(int shape)
    {
        (float x, float y) = Standard.Centre(shape, W, H);
        return $"{(int)x},{(int)y}";
    }

    private static int Index(int shape)
    {
        (float x, float y) = Standard.Centre(shape, W, H);
        return ((int)y * W) + (int)x;
    }

    private static string Box(int shape)
    {
        Scene.Shape s = Standard.Shapes[shape];
        return $"{(int)((s.Cx - s.Rx - 0.02) * W)},{(int)((s.Cy - s.Ry - 0.02) * H)},{(int)((s.Cx + s.Rx + 0.02) * W)},{(int)((s.Cy + s.Ry + 0.02) * H)}";
    }

    private static byte[] Union(params byte[][] masks)
    {
        byte[] union = new byte[masks[0].Length];
        foreach (byte[] m in masks)
        {
            MaskUnion.Into(union, m);
        }

        return union;
    }

    private static byte[] Segment(string work, string image, out string stdout, params string[] extra) => SegmentMask(work, image, W, H, out stdout, extra);
}
