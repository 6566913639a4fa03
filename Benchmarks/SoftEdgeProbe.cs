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

        // Both scenes first, then a full collection: building them allocates hundreds of megabytes,
        // and a background collection still running would take one of the cores from the first timings.
        SoftEdgeScene[] scenes = [.. new[] { SoftEdgeKind.Hard, SoftEdgeKind.Hair }.Select(kind => SoftEdgeScene.Build("chelsea.jpg", "rocket.jpg", w, h, kind, seed: 3))];
        GC.Collect();
        GC.WaitForPendingFinalizers();
        foreach (SoftEdgeScene scene in scenes)
        {
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

                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{mp} MP, {scene.Kind} outline, width {width}: first {times[0]:0.0} ms, then median {times.Skip(1).Order().ElementAt(3):0.0} ms"));
            }
        }
    }
}
