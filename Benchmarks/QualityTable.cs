using System.Globalization;
using HqSam.TestModels.Quality;

namespace HqSam.Benchmarks;

/// <summary>
/// The edge-quality benchmark on real photographs: every scene, every method, scored against the exact
/// truth, printed as the markdown table of docs/selection-quality.md. Run: <c>dotnet run -c Release --project Benchmarks -- quality [MP...]</c>.
/// </summary>
internal static class QualityTable
{
    private static (string Foreground, string Background)[] Pairs => PhotoScene.Pairs;

    public static void Run(string[] args)
    {
        int[] sizes = args.Length > 0 ? [.. args.Select(a => int.Parse(a, CultureInfo.InvariantCulture))] : [2, 12, 24];
        Console.WriteLine("| scene | method | IoU | F@1px | F@3px | components | holes | ms |");
        Console.WriteLine("| --- | --- | --- | --- | --- | --- | --- | --- |");
        var sums = new Dictionary<string, (double F1, double Iou, int N)>();
        int pair = 0;
        foreach (int mp in sizes)
        {
            (int w, int h) = BenchImages.Size(mp);
            foreach (OutlineKind outline in Enum.GetValues<OutlineKind>().Where(o => o != OutlineKind.Small))
            {
                foreach (LogitKind logits in Enum.GetValues<LogitKind>())
                {
                    (string fg, string bg) = Pairs[pair++ % Pairs.Length];
                    PhotoScene scene = PhotoScene.Build(fg, bg, w, h, outline, logits);
                    (int tc, int th) = MaskTopology.Count(scene.Truth, w, h);
                    RefinementResult[] rows =
                    [
                        RefinementResult.Measure("plain", scene, _ => { }),
                        RefinementResult.Default(scene),
                        RefinementResult.Default(scene, 2f),
                        RefinementResult.Measure("previous refiner", scene, m => new PreviousEdgeRefiner().Refine(scene.Image, m)),
                    ];
                    foreach (RefinementResult r in rows)
                    {
                        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {scene.Name} (truth: {tc}/{th}) | {r.Method} | {r.IoU:0.0000} | {r.F1:0.000} | {r.F3:0.000} | {r.Components} | {r.Holes} | {r.Milliseconds:0} |"));
                        string key = $"{outline} / {r.Method}";
                        (double f1, double iou, int n) = sums.GetValueOrDefault(key);
                        sums[key] = (f1 + r.F1 - rows[0].F1, iou + r.IoU - rows[0].IoU, n + 1);
                    }
                }
            }
        }

        Console.WriteLine();
        Console.WriteLine("| small object | crop side | whole image: IoU · F@1 · F@3 | zoomed in: IoU · F@1 · F@3 |");
        Console.WriteLine("| --- | --- | --- | --- |");
        foreach (int mp in sizes)
        {
            (int w, int h) = BenchImages.Size(mp);
            foreach (LogitKind logits in Enum.GetValues<LogitKind>())
            {
                (string fg, string bg) = Pairs[pair++ % Pairs.Length];
                ZoomComparison z = ZoomComparison.Measure(PhotoScene.Build(fg, bg, w, h, OutlineKind.Small, logits), logits);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {z.Scene} | {z.CropSide} | {z.Whole.IoU:0.000} · {z.Whole.F1:0.000} · {z.Whole.F3:0.000} | {z.Zoomed.IoU:0.000} · {z.Zoomed.F1:0.000} · {z.Zoomed.F3:0.000} |"));
            }
        }

        Console.WriteLine();
        Console.WriteLine("| outline / method | mean F@1px minus plain | mean IoU minus plain |");
        Console.WriteLine("| --- | --- | --- |");
        foreach ((string key, (double f1, double iou, int n)) in sums.OrderBy(k => k.Key, StringComparer.Ordinal))
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {key} | {f1 / n:+0.000;-0.000;0.000} | {iou / n:+0.0000;-0.0000;0.0000} |"));
        }
    }
}
