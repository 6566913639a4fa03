using System.Globalization;
using HqSam.Core.Masks;
using HqSam.TestModels.Quality;

namespace HqSam.Benchmarks;

/// <summary>
/// The soft-edge decision's measurement (<see cref="SoftEdgeJudgement"/>): the binary mask, plain
/// feathering and the soft edge at the same width, scored against the true alpha. <c>tune</c> runs the
/// tuning scenes over a grid of the guided filter's settings (<see cref="GuidedAlpha"/>); <c>judge</c>
/// the held-out scenes with what ships (<see cref="SoftEdge"/>: epsilon 1e-3, radius half the width).
/// Run: <c>dotnet run -c Release --project Benchmarks -- soft-edges tune|judge</c>.
/// </summary>
internal static class SoftEdgeTable
{
    public static void Run(string[] args)
    {
        bool tune = args.Length == 0 || args[0] == "tune";
        var methods = SoftEdgeJudgement.Baselines.Where(m => !tune || m.Name != "soft edge").ToList();
        if (tune)
        {
            foreach (float e in new[] { 1e-3f, 3e-3f, 1e-2f, 3e-2f })
            {
                foreach (double f in new[] { 0.5, 1.0 })
                {
                    methods.Add((string.Create(CultureInfo.InvariantCulture, $"guided eps {e:g2} r {f}w"), (scene, width) => GuidedAlpha.Estimate(scene.Image, scene.Mask, width, e, Math.Max(1, (int)Math.Round(width * f)))));
                }
            }
        }

        Console.WriteLine("| scene | width | method | alpha error | gradient error |");
        Console.WriteLine("| --- | --- | --- | --- | --- |");
        var rows = new List<SoftEdgeJudgement.Row>();
        foreach (SoftEdgeJudgement.Row r in SoftEdgeJudgement.Measure(tune, methods))
        {
            rows.Add(r);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {r.Scene} | {r.Width} | {r.Method} | {r.AlphaError:0.0000} | {r.GradientError:0.0000} |"));
        }

        Console.WriteLine();
        Console.WriteLine("| boundary | width | method | mean alpha error | mean gradient error |");
        Console.WriteLine("| --- | --- | --- | --- | --- |");
        foreach (var g in rows.GroupBy(r => (r.Kind, r.Width, r.Method)).OrderBy(g => g.Key.Kind).ThenBy(g => g.Key.Width))
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {g.Key.Kind} | {g.Key.Width} | {g.Key.Method} | {g.Average(r => r.AlphaError):0.0000} | {g.Average(r => r.GradientError):0.0000} |"));
        }

        Console.WriteLine();
        Console.WriteLine("| soft boundaries together (blurred, hair, motion-blurred) | width | method | mean alpha error | mean gradient error |");
        Console.WriteLine("| --- | --- | --- | --- | --- |");
        foreach (var g in rows.Where(r => r.Kind != SoftEdgeKind.Hard).GroupBy(r => (r.Width, r.Method)).OrderBy(g => g.Key.Width))
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| | {g.Key.Width} | {g.Key.Method} | {g.Average(r => r.AlphaError):0.0000} | {g.Average(r => r.GradientError):0.0000} |"));
        }
    }
}
