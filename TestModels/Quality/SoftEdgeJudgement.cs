using HqSam.Core.Masks;

namespace HqSam.TestModels.Quality;

/// <summary>
/// The soft-edge measurement over a set of scenes: every kind of boundary, every photograph pair, every
/// width, each method scored against the true alpha. The benchmark prints it; the tests hold the
/// decision it supports to the judging scenes.
/// </summary>
public static class SoftEdgeJudgement
{
    public const int Width = 1024, Height = 768;

    /// <summary>The widths the decision was taken at (pixels at 1024 x 768).</summary>
    public static readonly int[] Widths = [2, 4, 8];

    public sealed record Row(string Scene, SoftEdgeKind Kind, int Width, string Method, double AlphaError, double GradientError);

    /// <summary>The methods every judgement compares: the binary mask, plain feathering and the shipped soft edge, each at the width.</summary>
    public static readonly (string Name, Func<SoftEdgeScene, int, float[]> Estimate)[] Baselines =
    [
        ("binary", (scene, _) => [.. scene.Mask.Select(m => m / 255f)]),
        ("feather", (scene, width) =>
        {
            byte[] feathered = (byte[])scene.Mask.Clone();
            MaskFeather.Apply(feathered, scene.Image.Width, scene.Image.Height, width);
            return [.. feathered.Select(m => m / 255f)];
        }),
        ("soft edge", (scene, width) =>
        {
            byte[] soft = (byte[])scene.Mask.Clone();
            SoftEdge.Apply(scene.Image, soft, width);
            return [.. soft.Select(m => m / 255f)];
        }),
    ];

    /// <param name="tuning">The tuning scenes (photograph pairs and outlines the decision is not judged on), or the judging ones.</param>
    public static IEnumerable<Row> Measure(bool tuning, IEnumerable<(string Name, Func<SoftEdgeScene, int, float[]> Estimate)> methods)
    {
        var pairs = tuning ? SoftEdgeScene.TuningPairs : SoftEdgeScene.JudgingPairs;
        int seed = tuning ? 100 : 200;
        var list = methods.ToList();
        foreach (SoftEdgeKind kind in Enum.GetValues<SoftEdgeKind>())
        {
            foreach ((string fg, string bg) in pairs)
            {
                SoftEdgeScene scene = SoftEdgeScene.Build(fg, bg, Width, Height, kind, seed++);
                byte[] region = SoftEdgeResult.Region(scene);
                foreach (int width in Widths)
                {
                    foreach ((string name, Func<SoftEdgeScene, int, float[]> estimate) in list)
                    {
                        SoftEdgeResult r = SoftEdgeResult.Score(name, scene, estimate(scene, width), region);
                        yield return new Row(scene.Name, kind, width, name, r.AlphaError, r.GradientError);
                    }
                }
            }
        }
    }
}
