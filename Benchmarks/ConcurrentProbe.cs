using System.Diagnostics;
using System.Globalization;
using HqSam.Core.Contract;
using HqSam.Core.Prompts;
using HqSam.Interop.Onnx;

namespace HqSam.Benchmarks;

/// <summary>
/// Decodes while an encode runs, as the click dialog does when it encodes a crop for a closer look
/// beside the user's clicks: the median decode alone, then during one encode, and that encode's time,
/// for a given intra-op thread count (0: HqSam's default, one per physical core). Checks that giving
/// every session all the cores does not starve the clicks the user is waiting on.
/// <code>dotnet run -c Release --project Benchmarks -- concurrent-probe DIR [THREADS]</code>
/// </summary>
internal static class ConcurrentProbe
{
    public static void Run(string[] args)
    {
        string dir = args[0];
        int threads = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 0;
        var settings = SessionSettings.Default with { IntraOpThreads = threads };
        using OnnxSamModel model = OnnxSamModel.Load(dir, new ModelLoadOptions { Settings = settings });
        float[] image = new float[3 * 1024 * 1024];
        var embedding = new ImageEmbedding();
        model.Encode(image, embedding);
        var prompt = DecoderPrompt.From(new SegmentationPrompt([new PointPrompt(400, 300)]), 1024, 1024);
        var output = new LowResMasks();
        for (int i = 0; i < 3; i++)
        {
            model.Decode(embedding, prompt, null, output);
        }

        var alone = new List<double>();
        for (int i = 0; i < 20; i++)
        {
            long t = Stopwatch.GetTimestamp();
            model.Decode(embedding, prompt, null, output);
            alone.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
        }

        var during = new List<double>();
        var second = new ImageEmbedding();
        long started = Stopwatch.GetTimestamp();
        Task encode = Task.Run(() => model.Encode(image, second));
        while (!encode.IsCompleted)
        {
            long t = Stopwatch.GetTimestamp();
            model.Decode(embedding, prompt, null, output);
            during.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
            Thread.Sleep(100); // a user's clicks and hover moves, not a flood
        }

        encode.Wait();
        double encodeMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"threads {(threads == 0 ? "default" : threads.ToString(CultureInfo.InvariantCulture))}: decode alone {Medians.Of(alone, 1)} ms; during the encode {Medians.Of(during, 1)} ms (max {during.Max():0.0}, {during.Count} decodes); encode with decodes beside it {encodeMs:0} ms"));
    }
}
