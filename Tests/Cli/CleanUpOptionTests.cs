using HqSam.Core.Caching;
using HqSam.Core.Editing;
using HqSam.Core.Imaging;
using HqSam.Core.Prompts;
using HqSam.Tests.Support;
using static HqSam.Tests.Cli.CliRunner;

namespace HqSam.Tests.Cli;

/// <summary>
/// <c>hqsam segment --remove-specks N --fill-holes N</c>: SAM 2's clean-up of the mask, on a scene
/// whose object has a hole of the background's colour and a speck of its own colour elsewhere (the
/// analytic decoder selects by colour, so the plain mask has both).
/// </summary>
[TestClass]
public sealed class CleanUpOptionTests
{
    private const int Side = 512;

    // Fractions of the side: the disc, the hole inside it, the speck outside it.
    private static readonly (double X, double Y) Disc = (0.3, 0.5), Hole = (0.3, 0.56), Speck = (0.8, 0.22);

    [TestMethod]
    public void SpecksAndHolesGoOnlyWhenAskedAndOnlyUpToTheirSize()
    {
        string work = TestModelPair.NewFolder("clean-up");
        string image = Path.Combine(work, "scene.png");
        CliTests.SavePng(image, new Scene(205, 212, 222)
            .Ellipse(Disc.X, Disc.Y, 0.15, 0.2, 215, 40, 35)
            .Rect(Hole.X - 0.02, Hole.Y - 0.02, Hole.X + 0.02, Hole.Y + 0.02, 205, 212, 222)
            .Rect(Speck.X - 0.02, Speck.Y - 0.02, Speck.X + 0.02, Speck.Y + 0.02, 215, 40, 35)
            .Render(Side, Side));
        string click = $"{(int)(Disc.X * Side)},{(int)((Disc.Y - 0.1) * Side)}";

        byte[] plain = Segment(work, image, click);
        Assert.AreEqual(255, At(plain, Speck), "the plain mask has the speck");
        Assert.AreEqual(0, At(plain, Hole), "and the hole");

        // The speck and the hole are 20 x 20 px (400), the disc about 24,700.
        byte[] cleaned = Segment(work, image, click, "--remove-specks", "2000", "--fill-holes", "2000");
        Assert.AreEqual(0, At(cleaned, Speck), "the speck went");
        Assert.AreEqual(255, At(cleaned, Hole), "the hole is filled");
        Assert.AreEqual(255, At(cleaned, Disc), "the object stays");

        byte[] tooSmall = Segment(work, image, click, "--remove-specks", "100", "--fill-holes", "100");
        Assert.AreEqual(255, At(tooSmall, Speck), "a speck larger than the limit stays");
        Assert.AreEqual(0, At(tooSmall, Hole), "a hole larger than the limit stays");

        AssertOneLineError(Run("segment", "-i", image, "-m", TestModelPair.Directory, "-p", click, "-o", FreshPath(work, "x.png"), "--remove-specks", "-1"),
            "--remove-specks -1: expected 0 to 100000000 pixels");

        // The dialogs' settings clean up the same way: their mask is the command line's, pixel for pixel,
        // and a change of either limit alone decodes again.
        var session = new EditorSession(TestModelPair.Model, new EmbeddingCache());
        BgraImage layer = HqSam.Cli.Imaging.ImageFile.Load(image);
        var settings = new EditorSettings { Points = [new PointPrompt((int)(Disc.X * Side), (int)((Disc.Y - 0.1) * Side))], Output = OutputMode.Mask };
        CollectionAssert.AreEqual(plain, session.Update(layer, settings).Coverage!.ToArray(), "no clean-up by default");
        CollectionAssert.AreEqual(cleaned, session.Update(layer, settings with { RemoveSpecks = 2000, FillHoles = 2000 }).Coverage!.ToArray());
        Assert.AreEqual(0, At(session.Update(layer, settings with { RemoveSpecks = 2000 }).Coverage!.ToArray(), Speck), "specks alone");
        Assert.AreEqual(255, At(session.Update(layer, settings with { FillHoles = 2000 }).Coverage!.ToArray(), Hole), "holes alone");
    }

    private static byte[] Segment(string work, string image, string click, params string[] extra) => SegmentMask(work, image, Side, Side, ["-p", click, .. extra]);

    private static byte At(byte[] mask, (double X, double Y) at) => mask[((int)(at.Y * Side) * Side) + (int)(at.X * Side)];
}
