using HqSam.Core.Imaging;
using HqSam.Core.Masks;
using HqSam.TestModels.Quality;

namespace HqSam.Tests.Quality;

/// <summary>
/// Edge refinement on real photographs (samples/photos) composited inside known outlines: the
/// default's invariants on every scene of a 2 MP subset (the benchmark, <c>Benchmarks -- quality</c>,
/// carries the 2-24 MP table).
/// </summary>
[TestClass]
public sealed class PhotoEdgeTests
{

    public static IEnumerable<object[]> Scenes() =>
        from outline in Enum.GetValues<OutlineKind>().Where(o => o != OutlineKind.Small)
        from logits in Enum.GetValues<LogitKind>()
        select new object[] { outline, logits };

    /// <summary>The benchmark's 2 MP scenes exactly (its size and its turn of photographs), so docs/selection-quality.md's 2 MP rows are these.</summary>
    private static PhotoScene Build(OutlineKind outline, LogitKind logits)
    {
        (string fg, string bg) = PhotoScene.Pairs[(((int)outline * 3) + (int)logits) % PhotoScene.Pairs.Length];
        return PhotoScene.Build(fg, bg, 1633, 1225, outline, logits);
    }

    [TestMethod]
    [DynamicData(nameof(Scenes))]
    public void TheDefaultIsNeverWorseThanPlainAndAddsNoComponentOrHole(OutlineKind outline, LogitKind logits)
    {
        PhotoScene scene = Build(outline, logits);
        RefinementResult plain = RefinementResult.Measure("plain", scene, _ => { });
        RefinementResult refined = RefinementResult.Default(scene);
        string report = $"{scene.Name}: IoU {plain.IoU:0.0000} -> {refined.IoU:0.0000}, F@1 {plain.F1:0.000} -> {refined.F1:0.000}";
        Console.WriteLine(report);
        Assert.IsGreaterThanOrEqualTo(plain.IoU - 0.001, refined.IoU, report);
        Assert.IsGreaterThanOrEqualTo(plain.F1 - 0.005, refined.F1, report);
        Assert.AreEqual((plain.Components, plain.Holes), (refined.Components, refined.Holes), "the same components and holes as plain");
    }

    [TestMethod]
    [DataRow(OutlineKind.Smooth, LogitKind.Ideal, 0.9970, 0.998, 1.000)]
    [DataRow(OutlineKind.Smooth, LogitKind.Shifted, 0.9880, 0.384, 0.998)]
    [DataRow(OutlineKind.Smooth, LogitKind.Blurred, 0.9972, 1.000, 1.000)]
    [DataRow(OutlineKind.Detail, LogitKind.Ideal, 0.9965, 0.960, 0.969)]
    [DataRow(OutlineKind.Detail, LogitKind.Shifted, 0.9873, 0.356, 0.961)]
    [DataRow(OutlineKind.Detail, LogitKind.Blurred, 0.9966, 0.961, 0.965)]
    [DataRow(OutlineKind.FlatCrossing, LogitKind.Ideal, 0.9970, 0.998, 1.000)]
    [DataRow(OutlineKind.FlatCrossing, LogitKind.Shifted, 0.9873, 0.309, 0.997)]
    [DataRow(OutlineKind.FlatCrossing, LogitKind.Blurred, 0.9972, 1.000, 1.000)]
    public void TheReadmeFiguresHold(OutlineKind outline, LogitKind logits, double iou, double f1, double f3)
    {
        // docs/selection-quality.md's 2 MP rows for the default, pinned to their printed precision (and a rounding step).
        RefinementResult refined = RefinementResult.Default(Build(outline, logits));
        Assert.AreEqual(iou, refined.IoU, 0.00015, "IoU");
        Assert.AreEqual(f1, refined.F1, 0.0015, "F@1");
        Assert.AreEqual(f3, refined.F3, 0.0015, "F@3");
    }

    [TestMethod]
    public void WithSubCellDetailTheDefaultBeatsPlainClearly()
    {
        double gain = Enum.GetValues<LogitKind>().Average(logits =>
        {
            PhotoScene scene = Build(OutlineKind.Detail, logits);
            return RefinementResult.Default(scene).F1 - RefinementResult.Measure("plain", scene, _ => { }).F1;
        });
        Console.WriteLine($"mean F@1 gain on detail scenes: {gain:+0.000}");
        Assert.IsGreaterThanOrEqualTo(0.02, gain);
    }

    [TestMethod]
    public void WhereTheImageShowsNoEdgeThePlainBoundaryStaysExactly()
    {
        // The flat band crosses the outline: inside the band (less a cell's reach of its ends) the refined
        // rows equal the plain rows pixel for pixel, shifted logits and all.
        PhotoScene scene = Build(OutlineKind.FlatCrossing, LogitKind.Shifted);
        int w = scene.Image.Width, h = scene.Image.Height;
        byte[] plain = RefinementResult.Plain(scene);
        byte[] refined = RefinementResult.Default(scene).Mask;
        int cell = (int)Math.Ceiling(Math.Max(w, h) / 256.0);
        int y0 = (int)(h * 0.42) + (2 * cell), y1 = (int)(h * 0.58) - (2 * cell);
        Assert.IsLessThan(y1, y0 + 10);
        CollectionAssert.AreEqual(plain[(y0 * w)..(y1 * w)], refined[(y0 * w)..(y1 * w)]);
        CollectionAssert.AreNotEqual(plain, refined, "while elsewhere the edge moved");

        // One flat colour everywhere: nothing moves at all.
        var flat = new byte[w * h * 4];
        flat.AsSpan().Fill(128);
        byte[] mask = RefinementResult.Plain(scene);
        new EdgeRefiner().Refine(new BgraImage(w, h, flat), scene.Logits, mask);
        CollectionAssert.AreEqual(plain, mask);
    }

    [TestMethod]
    public void NoisyLogitsOnAPhotoKeepEveryComponentAndHole()
    {
        // A worst case for topology: random logits make hundreds of specks and holes; refinement may
        // move their edges but never add, remove, join or split one.
        PhotoScene scene = Build(OutlineKind.Smooth, LogitKind.Ideal);
        int w = scene.Image.Width, h = scene.Image.Height;
        var rng = new Random(11);
        float[] noisy = [.. scene.Logits.Select(l => l + (float)((rng.NextDouble() - 0.5) * 30))];
        byte[] plain = new byte[w * h], refined = new byte[w * h];
        new MaskUpsampler().Run(noisy, w, h, plain);
        plain.CopyTo(refined, 0);
        new EdgeRefiner().Refine(scene.Image, noisy, refined);
        (int Components, int Holes) before = MaskTopology.Count(plain, w, h), after = MaskTopology.Count(refined, w, h);
        Assert.IsGreaterThan(50, before.Components + before.Holes, "a noisy mask");
        Assert.AreEqual(before, after);
        CollectionAssert.AreNotEqual(plain, refined, "edges did move");
    }

    [TestMethod]
    public void TheSimplePointTableMatchesCountingComponentsAndHoles()
    {
        // Naive definition: flipping the centre of a 3x3 patch (inside a zero border) changes neither the
        // number of components nor of holes, whichever way it flips.
        (int X, int Y)[] ring = [(0, -1), (1, -1), (1, 0), (1, 1), (0, 1), (-1, 1), (-1, 0), (-1, -1)];
        for (int code = 0; code < 256; code++)
        {
            bool naive = true;
            foreach (byte centre in new byte[] { 0, 255 })
            {
                var patch = new byte[5 * 5];
                patch[(2 * 5) + 2] = centre;
                for (int k = 0; k < 8; k++)
                {
                    patch[((2 + ring[k].Y) * 5) + 2 + ring[k].X] = (code & (1 << k)) != 0 ? (byte)255 : (byte)0;
                }

                var flipped = (byte[])patch.Clone();
                flipped[(2 * 5) + 2] = (byte)(255 - centre);
                naive &= MaskTopology.Count(patch, 5, 5) == MaskTopology.Count(flipped, 5, 5);
            }

            Assert.AreEqual(naive, SimplePointFlips.IsSimpleNeighbourhood(code), $"neighbourhood {Convert.ToString(code, 2).PadLeft(8, '0')}");
        }
    }
}
