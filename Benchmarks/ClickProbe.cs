using System.Diagnostics;
using System.Globalization;
using HqSam.Core.Caching;
using HqSam.Core.Contract;
using HqSam.Core.Imaging;
using HqSam.Core.Masks;
using HqSam.Core.Pipeline;
using HqSam.Core.Prompts;
using HqSam.Interop.Onnx;
using SkiaSharp;

namespace HqSam.Benchmarks;

/// <summary>
/// Where a click's time goes after the decode, on a real photograph and a real pair, warm: the
/// whole click after <see cref="WarmUpClicks"/> untimed ones, whose first twelve are printed (<see cref="SamPredictor.Segment"/>, each click's mask recycled into the next as the
/// dialog's session does), its decode and post-processing stages, and the
/// post-processing's parts on the same logits (upsampling, edge refinement, a new source-size mask),
/// and the refinement's two dear passes on one thread.
/// <code>dotnet run -c Release --project Benchmarks -- click-probe DIR IMAGE|generated:MP X,Y [CACHE_DIR]</code>
/// </summary>
internal static class ClickProbe
{
    private const int Repeats = 15;
    private const int WarmUpClicks = 20;

    /// <summary>How long after the warm-up the first click comes (a user looks before clicking).</summary>
    private static readonly TimeSpan FirstClickAfter = TimeSpan.FromSeconds(1);

    public static void Run(string[] args)
    {
        string dir = args[0];
        BgraImage image = Load(args[1]);
        string[] at = args[2].Split(',');
        var prompt = new SegmentationPrompt([new PointPrompt(float.Parse(at[0], CultureInfo.InvariantCulture), float.Parse(at[1], CultureInfo.InvariantCulture))]);
        EmbeddingDiskCache? disk = args.Length > 3 ? new EmbeddingDiskCache(args[3]) : null;
        var settings = SessionSettings.Default.WithSavedGraphs(args.Length > 3 ? args[3] : null);
        using OnnxSamModel model = OnnxSamModel.Load(dir, new ModelLoadOptions { Settings = settings });
        var predictor = new SamPredictor(model, new EmbeddingCache(disk: disk));
        UInt128 hash = EmbeddingKey.HashContent(image);
        ImageEmbedding embedding = predictor.GetEmbedding(image, contentHash: hash);
        long warmUp = Stopwatch.GetTimestamp();
        predictor.WarmUp(embedding);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"warm-up (decodes and post-processing): {Stopwatch.GetElapsedTime(warmUp).TotalMilliseconds:0} ms"));
        Thread.Sleep(FirstClickAfter); // a user's first click comes a moment after the dialog is ready
        var plain = new SegmentationOptions { Zoom = ZoomMode.Off };

        // Even after the warm-up the first clicks can run code the JIT has not optimised yet (35-59 ms of
        // post-processing for the first at 12 MP instead of 10-15, session 16; 150-270 ms before the
        // warm-up covered the post-processing): click untimed first, so that the medians are of a warm
        // dialog. What a fresh process's first clicks pay is printed too.
        var first = new List<string>();
        SegmentationResult? warm = null;
        for (int i = 0; i < WarmUpClicks; i++)
        {
            if (warm is not null)
            {
                predictor.Recycle(warm);
            }

            var timings = new StageTimings();
            long t = Stopwatch.GetTimestamp();
            warm = predictor.Segment(image, prompt, plain, timings, contentHash: hash);
            double ms = Stopwatch.GetElapsedTime(t).TotalMilliseconds;
            first.Add(string.Create(CultureInfo.InvariantCulture, $"{ms:0.0} ({timings[Stage.Postprocess] ?? 0:0.0})"));
        }

        predictor.Recycle(warm!);
        Console.WriteLine($"first clicks, click-to-mask (post-processing) in ms: {string.Join(", ", first.Take(12))}");
        var whole = new List<double>();
        var decode = new List<double>();
        var post = new List<double>();
        SegmentationResult result = null!;
        for (int i = 0; i < Repeats; i++)
        {
            var timings = new StageTimings();
            if (i > 0)
            {
                predictor.Recycle(result); // as the dialog's session does with the mask a click replaces
            }

            long t = Stopwatch.GetTimestamp();
            result = predictor.Segment(image, prompt, plain, timings, contentHash: hash);
            whole.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
            decode.Add(timings[Stage.Decode] ?? 0);
            post.Add(timings[Stage.Postprocess] ?? 0);
        }

        int gen2 = GC.CollectionCount(2);
        var reused = new List<double>();
        var target = new byte[image.Width * image.Height];
        var low = new float[256 * 256];
        for (int i = 0; i < Repeats; i++)
        {
            long t = Stopwatch.GetTimestamp();
            predictor.Decode(embedding, image.Width, image.Height, prompt, target, plain, low, image);
            reused.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"decode into a kept mask, with refinement: {Medians.Of(reused, 2)} ms ({GC.CollectionCount(2) - gen2} gen2 collections meanwhile)"));
        gen2 = GC.CollectionCount(2);
        for (int i = 0; i < Repeats; i++)
        {
            predictor.Segment(image, prompt, plain, contentHash: hash);
        }

        Console.WriteLine($"{GC.CollectionCount(2) - gen2} gen2 collections in {Repeats} clicks through Segment");
        var upsampler = new MaskUpsampler();
        var mask = new byte[image.Width * image.Height];
        var upsample = new List<double>();
        var refine = new List<double>();
        var allocate = new List<double>();
        for (int i = 0; i < Repeats; i++)
        {
            long t = Stopwatch.GetTimestamp();
            upsampler.Run(result.LowResLogits, image.Width, image.Height, mask);
            upsample.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
            t = Stopwatch.GetTimestamp();
            new EdgeRefiner().Refine(image, result.LowResLogits, mask);
            refine.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
            t = Stopwatch.GetTimestamp();
            var fresh = new byte[image.Width * image.Height];
            upsampler.Run(result.LowResLogits, image.Width, image.Height, fresh);
            allocate.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{image.Width}x{image.Height}, {result.Mask.SelectedPixelCount} selected; medians of {Repeats}: click-to-mask {Medians.Of(whole, 2)} ms, decode {Medians.Of(decode, 2)} ms, click minus its decode {Medians.Of(whole.Zip(decode, (c, d) => c - d), 2)} ms, postprocess {Medians.Of(post, 2)} ms; upsampling {Medians.Of(upsample, 2)} ms, refinement {Medians.Of(refine, 2)} ms, upsampling into a new mask {Medians.Of(allocate, 2)} ms"));
        RefinementPasses(image, result.LowResLogits);
        long again = Stopwatch.GetTimestamp();
        predictor.WarmUp(embedding);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"warm-up again, everything compiled: {Stopwatch.GetElapsedTime(again).TotalMilliseconds:0} ms"));
    }

    /// <summary>A photograph, or <c>generated:MP</c> for the benchmarks' generated picture of that size (<see cref="BenchImages"/>).</summary>
    private static BgraImage Load(string path)
    {
        if (path.StartsWith("generated:", StringComparison.Ordinal))
        {
            return BenchImages.Create(int.Parse(path["generated:".Length..], CultureInfo.InvariantCulture));
        }

        using SKBitmap bitmap = SKBitmap.Decode(path);
        using SKBitmap bgra = bitmap.Copy(SKColorType.Bgra8888);
        return new BgraImage(bgra.Width, bgra.Height, bgra.GetPixelSpan().ToArray());
    }

    /// <summary>
    /// The refinement's two dear passes on one thread, cell row after cell row, as
    /// <see cref="EdgeRefiner.Refine"/> runs them on each core: the statistics (<see cref="EdgeDecisions.GatherRow"/>)
    /// and the decisions (<see cref="EdgeDecisions.DecideRow"/>), on the plain mask of the click.
    /// </summary>
    private static void RefinementPasses(BgraImage image, float[] logits)
    {
        const int Grid = SamContract.LowResSize;
        var mask = new byte[image.Width * image.Height];
        new MaskUpsampler().Run(logits, image.Width, image.Height, mask);
        var cells = new float[Grid * Grid * 2];
        logits.AsSpan(0, Grid * Grid).CopyTo(cells);
        var refiner = new EdgeRefiner();
        EdgeBand.ActiveCells(logits.AsSpan(0, Grid * Grid), cells.AsSpan(Grid * Grid), refiner.Reach);
        var geometry = new EdgeBand(image.Width, image.Height, image.Width / (float)Grid, image.Height / (float)Grid, refiner.Band);
        var stats = new float[Grid * Grid * EdgeDecisions.StatLanes];
        var gather = new List<double>();
        var decide = new List<double>();
        long flips = 0;
        for (int i = 0; i < Repeats; i++)
        {
            long t = Stopwatch.GetTimestamp();
            for (int cy = 0; cy < Grid; cy++)
            {
                EdgeDecisions.GatherRow(image, mask, cells, stats, geometry, cy);
            }

            gather.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
            t = Stopwatch.GetTimestamp();
            flips = 0;
            for (int cy = 0; cy < Grid; cy++)
            {
                flips += EdgeDecisions.DecideRow(image, mask, cells, stats, geometry, cy).Count;
            }

            decide.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"on one thread, medians of {Repeats}: gathering the statistics {Medians.Of(gather, 2)} ms, deciding {Medians.Of(decide, 2)} ms ({flips} pixels wanted to change side)"));
    }
}
