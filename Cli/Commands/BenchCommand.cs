using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using HqSam.Cli.Imaging;
using HqSam.Core.Caching;
using HqSam.Core.Contract;
using HqSam.Core.Imaging;
using HqSam.Core.Pipeline;
using HqSam.Core.Prompts;
using HqSam.Interop.Onnx;
using HqSam.Interop.Providers;
using HqSam.Interop.Sessions;

namespace HqSam.Cli.Commands;

/// <summary>
/// <c>hqsam bench</c>: what this machine costs per stage with a given model, as a user sees it: load,
/// encode, the first decode after the warm-up a dialog does, a warm decode per click, a click to a
/// full-size mask, a closer look at a small object, and
/// the peak working set. Each line is <c>&lt;stage&gt; &lt;ms&gt; ms</c> (the last in MB).
/// </summary>
internal static class BenchCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr, TerminalProgress progress, CliServices services)
    {
        var models = new Option<string?>("--models", "-m") { Description = "Folder with encoder.onnx and decoder.onnx (without it: the model store's chosen model).", HelpName = "DIR" };
        var image = new Option<string?>("--image", "-i") { Description = "Image to measure on (without it: a generated 12 MP picture with a small object).", HelpName = "FILE" };
        var clicks = new Option<int>("--clicks") { Description = "Clicks to time, 1-1000; medians are reported.", HelpName = "N", DefaultValueFactory = _ => 10 };
        var device = new Option<string>("--device") { Description = "Where the encoder runs.", HelpName = "auto|cpu|cuda|directml", DefaultValueFactory = _ => "auto" };
        var command = new Command("bench", "Measure this machine: load, encode, decode per click, click-to-mask, a closer look, peak memory.") { models, image, clicks, device };
        command.SetAction(parse =>
        {
            int n = parse.GetValue(clicks);
            if (n is < 1 or > 1000)
            {
                throw new UsageException($"--clicks {n}: expected 1 to 1000");
            }

            string deviceText = parse.GetValue(device)!;
            var request = new ProviderRequest
            {
                Provider = ProviderRequest.ParseProvider(deviceText) ?? throw new UsageException($"--device '{deviceText}': expected auto, cpu, cuda or directml"),
            };
            string directory = parse.GetValue(models) is { } givenModels ? ModelLocator.Given("--models", givenModels) : ModelLocator.Find(ModelsCommand.HowToGetAModel);
            string? imagePath = parse.GetValue(image);
            bool generated = imagePath is null;
            BgraImage picture = imagePath is null ? SmallObjectPicture(4000, 3000) : ImageFile.Load(imagePath);

            ProcessMemory.ReturnLargeFreedBlocks(); // as segment does, so that bench measures what a run costs
            long t = Stopwatch.GetTimestamp();
            OnnxSamModel loaded;
            using (progress.Step("loading the model"))
            {
                loaded = OnnxSamModel.Load(directory, new ModelLoadOptions { Request = request, Settings = SessionSettings.Default.WithSavedGraphs(services.Disk()?.Directory) });
            }

            using OnnxSamModel model = loaded;
            Line(stdout, "load", Stopwatch.GetElapsedTime(t));
            RandomWeightsNotice.WriteIfRandom(directory, stderr);
            int threads = OnnxSessionFactory.IntraOpThreads(SessionSettings.Default);
            string cpuThreads = threads > 0 ? $"{threads} per CPU operator" : "ONNX Runtime's choice";
            stdout.WriteLine($"# encoder: {model.Plan.Encoder}; decoder: {model.Plan.Decoder}; threads: {cpuThreads}; image {picture.Width}x{picture.Height}");

            var predictor = new SamPredictor(model, new EmbeddingCache());
            var stages = new StageTimings();
            ImageEmbedding embedding;
            using (progress.Step("encoding the image"))
            {
                embedding = predictor.GetEmbedding(picture, stages);
            }

            Line(stdout, "preprocess", TimeSpan.FromMilliseconds(stages[Stage.Preprocess] ?? 0));
            Line(stdout, "encode", TimeSpan.FromMilliseconds(stages[Stage.Encode] ?? 0));
            if (stages[Stage.Encode] is double encodeMs)
            {
                // What 'models list' shows, and segment's progress line expects, for this model here.
                services.History().Record(StageHistory.Encode, directory, deviceText.ToLowerInvariant(), TimeSpan.FromMilliseconds(encodeMs));
            }

            // The dialog's warm-up right after the encode; then the user's first click, timed on its own.
            using IDisposable clicking = progress.Step($"timing {n} clicks, then a closer look");
            predictor.WarmUp(embedding);
            var mask = new byte[picture.Width * picture.Height];
            SegmentationPrompt[] prompts = [.. Enumerable.Range(0, n + 1).Select(i => ClickAt(i, picture.Width, picture.Height))];
            var firstClick = new StageTimings();
            predictor.Decode(embedding, picture.Width, picture.Height, prompts[0], mask, timings: firstClick);
            Line(stdout, "first-decode", TimeSpan.FromMilliseconds(firstClick[Stage.Decode] ?? 0));
            var decodes = new List<double>();
            foreach (SegmentationPrompt prompt in prompts[1..])
            {
                var one = new StageTimings();
                predictor.Decode(embedding, picture.Width, picture.Height, prompt, mask, timings: one);
                decodes.Add(one[Stage.Decode] ?? 0);
            }

            Line(stdout, "decode", TimeSpan.FromMilliseconds(Median(decodes)));

            var clicksToMask = new List<double>();
            var plain = new SegmentationOptions { Zoom = ZoomMode.Off };
            UInt128 hash = EmbeddingKey.HashContent(picture); // once per image, as the dialog does
            foreach (SegmentationPrompt prompt in prompts[1..])
            {
                t = Stopwatch.GetTimestamp();
                SegmentationResult clicked = predictor.Segment(picture, prompt, plain, contentHash: hash);
                clicksToMask.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);

                // As the dialog's session does with the mask a click replaces.
                predictor.Recycle(clicked);
            }

            Line(stdout, "click-to-mask", TimeSpan.FromMilliseconds(Median(clicksToMask)));

            // A closer look at the small object: the first click pays the crop's encode, the next ones reuse it.
            var zoom = new SegmentationOptions { Zoom = ZoomMode.On };
            var small = new SegmentationPrompt([new PointPrompt(picture.Width * 0.6f, picture.Height * 0.4f)]);
            var first = new StageTimings();
            SegmentationResult found = predictor.Segment(picture, small, zoom, first);
            if (first[Stage.EncodeZoom] is { } cropEncode)
            {
                Line(stdout, "encode-zoom", TimeSpan.FromMilliseconds(cropEncode));
                var zoomed = new List<double>();
                for (int i = 0; i < n; i++)
                {
                    t = Stopwatch.GetTimestamp();
                    predictor.Segment(picture, small, zoom);
                    zoomed.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
                }

                Line(stdout, "click-to-mask-zoom", TimeSpan.FromMilliseconds(Median(zoomed)));
            }
            else
            {
                // Say what the model gave there: on the generated picture a small disc is there, and a
                // model that does not find it (random weights) is what declined the closer look.
                double covered = 100.0 * found.Mask.SelectedPixelCount / ((long)picture.Width * picture.Height);
                string disc = generated ? string.Create(CultureInfo.InvariantCulture, $" (the generated picture's disc there covers {100 * SmallObjectFraction(picture.Width, picture.Height):0.###}%: this model did not find it)") : "";
                stdout.WriteLine(string.Create(CultureInfo.InvariantCulture, $"# no closer look: the mask at (60%, 40%) covers {covered:0.##}% of the picture, not a small object{disc}"));
            }

            stdout.WriteLine(string.Create(CultureInfo.InvariantCulture, $"peak-working-set {Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0:0} MB"));
            return HqSamCli.Ok;
        });
        return command;
    }

    private static void Line(TextWriter writer, string stage, TimeSpan elapsed) =>
        writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{stage} {elapsed.TotalMilliseconds:0.0} ms"));

    private static double Median(List<double> values)
    {
        values.Sort();
        return values.Count % 2 == 1 ? values[values.Count / 2] : (values[(values.Count / 2) - 1] + values[values.Count / 2]) / 2;
    }

    /// <summary>Clicks spread over the image on a fixed grid, so every run times the same clicks.</summary>
    private static SegmentationPrompt ClickAt(int i, int width, int height) =>
        new([new PointPrompt(width * (0.15f + (0.7f * ((i * 37) % 11) / 10f)), height * (0.15f + (0.7f * ((i * 53) % 7) / 6f)))]);

    /// <summary>The share of the generated picture its disc covers.</summary>
    private static double SmallObjectFraction(int width, int height) => Math.PI * SmallObjectRadius(width) * SmallObjectRadius(width) / ((double)width * height);

    private static float SmallObjectRadius(int width) => width * 0.005f;

    /// <summary>A gray gradient with a red disc 1% of the width across at (60%, 40%): something small to look closer at.</summary>
    private static BgraImage SmallObjectPicture(int width, int height)
    {
        var pixels = new byte[width * height * 4];
        float cx = width * 0.6f, cy = height * 0.4f, r = SmallObjectRadius(width);
        Parallel.For(0, height, y =>
        {
            for (int x = 0; x < width; x++)
            {
                int i = ((y * width) + x) * 4;
                bool disc = ((x - cx) * (x - cx)) + ((y - cy) * (y - cy)) < r * r;
                byte shade = (byte)(150 + (60 * x / width));
                (pixels[i], pixels[i + 1], pixels[i + 2], pixels[i + 3]) = disc ? ((byte)35, (byte)40, (byte)215, (byte)255) : (shade, shade, shade, (byte)255);
            }
        });
        return new BgraImage(width, height, pixels);
    }
}
