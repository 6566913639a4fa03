using System.Diagnostics;
using HqSam.Core.Masks;

namespace HqSam.TestModels.Quality;

/// <summary>One method's mask on one scene, scored against the exact truth.</summary>
public sealed record RefinementResult(string Method, double IoU, double F1, double F3, int Components, int Holes, double Milliseconds, byte[] Mask)
{
    /// <summary>Plain SAM 2 postprocessing: the bilinear upsampling of the logits, thresholded at 0.</summary>
    public static byte[] Plain(PhotoScene scene)
    {
        var mask = new byte[scene.Image.Width * scene.Image.Height];
        new MaskUpsampler().Run(scene.Logits, scene.Image.Width, scene.Image.Height, mask);
        return mask;
    }

    /// <summary>Runs a method (given the plain mask to start from, which it may change in place) and scores it.</summary>
    public static RefinementResult Measure(string method, PhotoScene scene, Action<byte[]> refine)
    {
        int w = scene.Image.Width, h = scene.Image.Height;
        byte[] mask = Plain(scene);
        long start = Stopwatch.GetTimestamp();
        refine(mask);
        double ms = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        (int components, int holes) = MaskTopology.Count(mask, w, h);
        return new RefinementResult(
            method,
            MaskTopology.IoU(mask, scene.Truth),
            BoundaryMetrics.FScore(mask, scene.Truth, w, h, 1),
            BoundaryMetrics.FScore(mask, scene.Truth, w, h, 3),
            components,
            holes,
            ms,
            mask);
    }

    /// <summary>The refinement HqSam applies by default (<see cref="EdgeRefiner"/>, strength 1).</summary>
    public static RefinementResult Default(PhotoScene scene, float strength = 1f) =>
        Measure(strength == 1f ? "refined" : $"refined, strength {strength}", scene, mask => new EdgeRefiner { Strength = strength }.Refine(scene.Image, scene.Logits, mask));
}
