using System.Diagnostics;
using System.Globalization;
using HqSam.Core.Masks;
using HqSam.TestModels.Quality;

namespace HqSam.Benchmarks;

/// <summary>
/// Quick timings of the soft edge at a size (default 12 MP), without BenchmarkDotNet's minutes: the
/// scene once (a smooth outline, and the hair-like one with 60 strands), then each width several times.
/// Run: <c>dotnet run -c Release --project Benchmarks -- soft-edge-probe [MP] [WIDTH...]</c>.
/// </summary>
internal static class SoftEdgeProbe
{
    public static void Run(string[] args)
    {
        int mp = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 12;
        int[] widths = args.Length > 1 ? [.. args[1..].Select(a => int.Parse(a, CultureInfo.InvariantCulture))] : [4, 16];
        (int w, int h) = BenchImages.Size(mp);
        var mask = new byte[w * h];
        foreach (SoftEdgeKind kind in new[] { SoftEdgeKind.Hard, SoftEdgeKind.Hair })
        {
        SoftEdgeScene scene = SoftEdgeScene.Build("chelsea.jpg", "rocket.jpg", w, h, kind, seed: 3);
        foreach (int width in widths)
        {
            var times = new List<double>();
            for (int i = 0; i < 7; i++)
            {
                scene.Mask.CopyTo(mask, 0);
                long t = Stopwatch.GetTimestamp();
                SoftEdge.Apply(scene.Image, mask, width);
                times.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
            }

            times.Sort();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{mp} MP, {kind} outline, width {width}: median {times[3]:0.0} ms, best {times[0]:0.0} ms"));
        }
        }
    }
}
