using System.Globalization;
using HqSam.Core.Masks;
using HqSam.TestModels.Quality;

namespace HqSam.Benchmarks;

/// <summary>
/// The soft-edge decision's measurement: on composites of real photographs through a known soft alpha
/// (<see cref="SoftEdgeScene"/>), the binary mask, plain feathering and the guided-filter candidate at
/// the same width, scored against the true alpha. <c>tune</c> runs the tuning scenes over a grid of the
/// candidate's settings; <c>judge</c> the held-out scenes with the settings given.
/// Run: <c>dotnet run -c Release --project Benchmarks -- soft-edges tune|judge [EPSILON RADIUS-FACTOR]</c>.
/// </summary>
internal static class SoftEdgeTable
{
    private const int W = 1024, H = 768;

    public static void Run(string[] args)
    {
        bool tune = args.Length == 0 || args[0] == "tune";
        var pairs = tune ? SoftEdgeScene.TuningPairs : SoftEdgeScene.JudgingPairs;
        int seedBase = tune ? 100 : 200;
        (float Epsilon, double RadiusFactor)[] settings = tune
            ? [.. from e in new[] { 1e-3f, 3e-3f, 1e-2f, 3e-2f } from f in new[] { 0.5, 1.0, -2, -3 } select (e, f)]
            : [(float.Parse(args[1], CultureInfo.InvariantCulture), double.Parse(args[2], CultureInfo.InvariantCulture))];
        int[] widths = [2, 4, 8];
        Console.WriteLine("| scene | width | method | alpha error | gradient error |");
        Console.WriteLine("| --- | --- | --- | --- | --- |");
        var sums = new Dictionary<(SoftEdgeKind, string), (double A, double G, int N)>();
        int k = 0;
        foreach (SoftEdgeKind kind in Enum.GetValues<SoftEdgeKind>())
        {
            foreach ((string fg, string bg) in pairs)
            {
                SoftEdgeScene scene = SoftEdgeScene.Build(fg, bg, W, H, kind, seedBase + k++);
                byte[] region = SoftEdgeResult.Region(scene);
                foreach (int width in widths)
                {
                    var results = new List<SoftEdgeResult> { SoftEdgeResult.Score("binary", scene, [.. scene.Mask.Select(m => m / 255f)], region) };
                    byte[] feathered = (byte[])scene.Mask.Clone();
                    MaskFeather.Apply(feathered, W, H, width);
                    results.Add(SoftEdgeResult.Score("feather", scene, [.. feathered.Select(m => m / 255f)], region));
                    foreach ((float e, double f) in settings)
                    {
                        // A negative factor is a radius in pixels, whatever the width.
                        int radius = f < 0 ? (int)-f : Math.Max(1, (int)Math.Round(width * f));
                        string label = f < 0 ? string.Create(CultureInfo.InvariantCulture, $"eps {e:g2} r {-f}") : string.Create(CultureInfo.InvariantCulture, $"eps {e:g2} r {f}w");
                        results.Add(SoftEdgeResult.Score($"guided {label}", scene, GuidedAlpha.Estimate(scene.Image, scene.Mask, width, e, radius), region));
                    }

                    foreach (SoftEdgeResult r in results)
                    {
                        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {scene.Name} | {width} | {r.Method} | {r.AlphaError:0.0000} | {r.GradientError:0.0000} |"));
                        string key = $"{r.Method} w{width}";
                        (double a, double g, int n) = sums.GetValueOrDefault((kind, key));
                        sums[(kind, key)] = (a + r.AlphaError, g + r.GradientError, n + 1);
                    }
                }
            }
        }

        Console.WriteLine();
        Console.WriteLine("| kind | method | mean alpha error | mean gradient error |");
        Console.WriteLine("| --- | --- | --- | --- |");
        foreach (((SoftEdgeKind kind, string method), (double a, double g, int n)) in sums.OrderBy(s => s.Key.Item1).ThenBy(s => s.Key.Item2, StringComparer.Ordinal))
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {kind} | {method} | {a / n:0.0000} | {g / n:0.0000} |"));
        }
    }
}
