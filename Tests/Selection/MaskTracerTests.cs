using HqSam.Core.Masks;
using HqSam.Core.Selection;
using HqSam.Tests.Support;

namespace HqSam.Tests.Selection;

[TestClass]
public sealed class MaskTracerTests
{
    [TestMethod]
    [DataRow("single pixel", "#")]
    [DataRow("ring with hole", "#####\n#...#\n#.#.#\n#...#\n#####")]
    [DataRow("touching diagonals", "#.#\n.#.\n#.#")]
    [DataRow("checkerboard", "#.#.\n.#.#\n#.#.\n.#.#")]
    [DataRow("one-pixel lines", "#.....\n#.####\n#.....\n######")]
    [DataRow("whole image", "###\n###")]
    [DataRow("nothing", "...\n...")]
    [DataRow("hole touching outer corner", "####\n#..#\n#.##\n####")]
    [DataRow("island in hole", "#######\n#.....#\n#.###.#\n#.#.#.#\n#.###.#\n#.....#\n#######")]
    public void UnsimplifiedPolygonsFillBackExactly(string name, string picture)
    {
        (byte[] mask, int w, int h) = Parse(picture);
        List<Polygon> polygons = MaskTracer.Trace(mask, w, h);
        CollectionAssert.AreEqual(mask, PolygonRasterizer.Fill(polygons, w, h), name);
    }

    [TestMethod]
    [DataRow(1)]
    [DataRow(2)]
    [DataRow(3)]
    [DataRow(4)]
    public void RandomMasksFillBackExactly(int seed)
    {
        var rng = new Random(seed);
        int w = rng.Next(1, 60), h = rng.Next(1, 60);
        var mask = new byte[w * h];
        for (int i = 0; i < mask.Length; i++)
        {
            mask[i] = rng.Next(100) < 45 ? (byte)255 : (byte)0;
        }

        CollectionAssert.AreEqual(mask, PolygonRasterizer.Fill(MaskTracer.Trace(mask, w, h), w, h));
    }

    [TestMethod]
    public void OnlyCornersAreEmitted()
    {
        (byte[] mask, int w, int h) = Parse("....\n.##.\n.##.\n....");
        Polygon square = MaskTracer.Trace(mask, w, h).Single();
        Assert.AreEqual(4, square.PointCount);
        CollectionAssert.AreEquivalent(new[] { (1, 1), (3, 1), (3, 3), (1, 3) }, Enumerable.Range(0, 4).Select(i => square[i]).ToArray());
    }

    [TestMethod]
    public void SimplifiedOutlinesKeepIoUAndDropPoints()
    {
        var scene = new Scene(0, 0, 0)
            .Ellipse(0.35, 0.5, 0.25, 0.3, 255, 255, 255)
            .Ellipse(0.35, 0.5, 0.08, 0.1, 0, 0, 0) // a hole
            .Rect(0.7, 0.2, 0.9, 0.8, 255, 255, 255);
        const int w = 1200, h = 900;
        byte[] mask = [.. scene.Render(w, h).Pixels.ToArray().Where((_, i) => i % 4 == 0)];
        List<Polygon> exact = MaskTracer.Trace(mask, w, h);
        List<Polygon> simple = PolygonSimplifier.Simplify(exact);
        Assert.HasCount(exact.Count, simple);
        Assert.IsLessThan(exact.Sum(p => p.PointCount) * 0.4, simple.Sum(p => p.PointCount), "staircases collapse: 60% fewer points or better, as docs/how-it-works.md says");
        double iou = MaskMetrics.IoU(mask, PolygonRasterizer.Fill(simple, w, h));
        Assert.IsGreaterThanOrEqualTo(0.999, iou, $"IoU {iou:0.00000}");
    }

    [TestMethod]
    public void ClipboardTextIsPaintDotNetsSelectionFormat()
    {
        (byte[] mask, int w, int h) = Parse("###\n#.#\n###");
        string text = SelectionClipboard.FromMask(Mask.Wrap(mask, w, h), tolerance: 0);
        Assert.AreEqual("{\"polygonList\":[\"0,0,3,0,3,3,0,3\",\"1,1,1,2,2,2,2,1\"]}", text);
        using var doc = System.Text.Json.JsonDocument.Parse(text);
        Assert.AreEqual(2, doc.RootElement.GetProperty("polygonList").GetArrayLength());
    }

    internal static (byte[] Mask, int Width, int Height) Parse(string picture)
    {
        string[] rows = picture.Split('\n');
        int w = rows[0].Length, h = rows.Length;
        var mask = new byte[w * h];
        for (int y = 0; y < h; y++)
        {
            for (int x = 0; x < w; x++)
            {
                mask[(y * w) + x] = rows[y][x] == '#' ? (byte)255 : (byte)0;
            }
        }

        return (mask, w, h);
    }
}
