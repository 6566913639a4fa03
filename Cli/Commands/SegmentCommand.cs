using System.CommandLine;
using System.Diagnostics;
using HqSam.Cli.Imaging;
using HqSam.Core.Caching;
using HqSam.Core.Editing;
using HqSam.Core.Imaging;
using HqSam.Core.Masks;
using HqSam.Core.Pipeline;
using HqSam.Core.Prompts;
using HqSam.Interop.Onnx;
using HqSam.Interop.Providers;

namespace HqSam.Cli.Commands;

/// <summary><c>hqsam segment</c>: one image, prompts, a mask (and optionally an overlay and a cut-out).</summary>
internal static class SegmentCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr, TerminalProgress progress)
    {
        var image = new Option<string>("--image", "-i") { Description = "Input image: png, jpg, bmp, webp or gif.", HelpName = "FILE", Required = true };
        var models = new Option<string?>("--models", "-m") { Description = "Folder with encoder.onnx and decoder.onnx (without it: the model store's chosen model).", HelpName = "DIR" };
        var output = new Option<string>("--out", "-o") { Description = "Mask to write (.png, .jpg or .webp): 8-bit gray, 255 selected, 0 not.", HelpName = "FILE", Required = true };
        var points = new Option<string[]>("--point", "-p") { Description = "Click on the object, in image pixels (repeatable).", HelpName = "X,Y", AllowMultipleArgumentsPerToken = false };
        var negatives = new Option<string[]>("--negative", "-n") { Description = "Click on what must stay out, in image pixels (repeatable).", HelpName = "X,Y", AllowMultipleArgumentsPerToken = false };
        var box = new Option<string?>("--box", "-b") { Description = "Box around the object: two corners in image pixels, either order.", HelpName = "X0,Y0,X1,Y1" };
        var mask = new Option<string>("--mask") { Description = "Which mask: hq (the HQ token's), best (the SAM mask with the best predicted IoU), hq+best, or a channel 0-3.", HelpName = "hq|best|hq+best|0-3", DefaultValueFactory = _ => "hq" };
        var overlay = new Option<string?>("--overlay") { Description = "Also write the image with the selection tinted and outlined (.png, .jpg or .webp).", HelpName = "FILE" };
        var cutout = new Option<string?>("--cutout") { Description = "Also write a cut-out with the background transparent (.png or .webp).", HelpName = "FILE" };
        var timings = new Option<bool>("--timings") { Description = "Print '<stage> <ms> ms' per stage to stderr (and '# embedding from the disk cache' when it was not encoded)." };
        var device = new Option<string>("--device") { Description = "Where the encoder runs.", HelpName = "auto|cpu|cuda|directml", DefaultValueFactory = _ => "auto" };
        var adapter = new Option<string?>("--adapter") { Description = "DirectML adapter: an index or part of its name [default: the discrete GPU with the most memory].", HelpName = "INDEX|NAME" };
        var selection = new Option<string?>("--selection") { Description = "Also write the mask as Paint.NET selection clipboard text (JSON).", HelpName = "FILE" };
        var tolerance = SelectionCommand.ToleranceOption();
        var edges = new Option<float>("--edge-strength")
        {
            Description = $"Move mask edges onto the image's own edges, where it shows one: 1 = within half a logit cell of the plain edge, {MinEdgeStrength}-{MaxEdgeStrength} (0 = plain bilinear; the dialogs' percentage / 100).",
            HelpName = $"{MinEdgeStrength}-{MaxEdgeStrength}",
            DefaultValueFactory = _ => SelectionOptionRanges.EdgeStrengthPercent.Default / 100f,
        };
        var zoom = new Option<string>("--zoom")
        {
            Description = "Look closer at a small object: a second decode on a crop around it, which costs one more encode (seconds on a CPU). auto: only when an encode takes at most --zoom-max-encode.",
            HelpName = "auto|on|off",
            DefaultValueFactory = _ => "auto",
        };
        var zoomLimit = new Option<double>("--zoom-max-encode")
        {
            Description = "The encode time, in seconds, up to which --zoom auto looks closer (a 2-core CPU takes about 12 for HQ-SAM 2.1 Hiera-L).",
            HelpName = "SECONDS",
            DefaultValueFactory = _ => SegmentationOptions.DefaultAutoZoomMaxEncode.TotalSeconds,
        };
        var grow = new Option<int>("--grow") { Description = $"Grow the selection by N pixels, {SelectionOptionRanges.Grow} (negative shrinks), round corners.", HelpName = "N" };
        var feather = new Option<int>("--feather") { Description = $"Soften the edge over N pixels, {SelectionOptionRanges.Feather} (the mask gets gray edges).", HelpName = "N" };
        var invert = new Option<bool>("--invert") { Description = "Select everything except the object." };
        var fillHoles = new Option<int>("--fill-holes") { Description = $"Holes in the selection up to N pixels become part of it, {SelectionOptionRanges.CleanUpArea} (rounded down to whole logit cells; 0 = off).", HelpName = "N" };
        var removeSpecks = new Option<int>("--remove-specks") { Description = $"Specks of the selection up to N pixels are dropped, {SelectionOptionRanges.CleanUpArea} (rounded down to whole logit cells; 0 = off).", HelpName = "N" };
        var verbose = new Option<bool>("--verbose", "-v") { Description = "Say on stderr where the encoder and decoder run, and why, and whether the embedding came from the disk cache." };

        var command = new Command("segment", "Select an object by clicks and/or a box and write its mask.")
        {
            image, models, output, points, negatives, box, mask, overlay, cutout, timings, device, adapter, verbose, selection, tolerance, edges,
            zoom, zoomLimit, grow, feather, invert, fillHoles, removeSpecks,
        };

        command.SetAction(parse =>
        {
            var prompt = new SegmentationPrompt(
                [.. (parse.GetValue(points) ?? []).Select(p => CoordinateParser.Point("--point", p, positive: true)),
                 .. (parse.GetValue(negatives) ?? []).Select(p => CoordinateParser.Point("--negative", p, positive: false))],
                parse.GetValue(box) is { } b ? CoordinateParser.Box("--box", b) : null);
            string maskText = parse.GetValue(mask)!;
            MaskChoice choice = MaskChoice.TryParse(maskText) ?? throw new UsageException($"--mask '{maskText}': expected hq, best, hq+best or 0-3");

            double simplify = SelectionCommand.CheckTolerance(parse.GetValue(tolerance));
            int growBy = Check("--grow", parse.GetValue(grow), SelectionOptionRanges.Grow);
            int featherBy = Check("--feather", parse.GetValue(feather), SelectionOptionRanges.Feather);
            int holes = Check("--fill-holes", parse.GetValue(fillHoles), SelectionOptionRanges.CleanUpArea);
            int specks = Check("--remove-specks", parse.GetValue(removeSpecks), SelectionOptionRanges.CleanUpArea);
            string zoomText = parse.GetValue(zoom)!;
            ZoomMode zoomMode = zoomText.ToLowerInvariant() switch
            {
                "auto" => ZoomMode.Auto,
                "on" => ZoomMode.On,
                "off" => ZoomMode.Off,
                _ => throw new UsageException($"--zoom '{zoomText}': expected auto, on or off"),
            };
            float edgeStrength = parse.GetValue(edges);
            if (!float.IsFinite(edgeStrength) || edgeStrength < MinEdgeStrength || edgeStrength > MaxEdgeStrength)
            {
                throw new UsageException($"--edge-strength {edgeStrength.ToString(System.Globalization.CultureInfo.InvariantCulture)}: expected {MinEdgeStrength} to {MaxEdgeStrength}");
            }

            double zoomSeconds = parse.GetValue(zoomLimit);
            if (!double.IsFinite(zoomSeconds) || zoomSeconds is < 0 or > 3600)
            {
                throw new UsageException($"--zoom-max-encode {zoomSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture)}: expected 0 to 3600 seconds");
            }

            // Every output is checked before any work: its format, its folder, and that it is neither
            // the input image nor another output of this run.
            string imagePath = parse.GetValue(image)!, maskPath = parse.GetValue(output)!;
            string? overlayPath = parse.GetValue(overlay), cutoutPath = parse.GetValue(cutout), selectionPath = parse.GetValue(selection);
            ImageOutputFormat maskFormat = ImageOutputFormat.ForPath("--out", maskPath, needsAlpha: false);
            ImageOutputFormat? overlayFormat = overlayPath is null ? null : ImageOutputFormat.ForPath("--overlay", overlayPath, needsAlpha: false);
            ImageOutputFormat? cutoutFormat = cutoutPath is null ? null : ImageOutputFormat.ForPath("--cutout", cutoutPath, needsAlpha: true);
            new OutputTargets()
                .Input("--image", imagePath)
                .Output("--out", maskPath)
                .Output("--overlay", overlayPath)
                .Output("--cutout", cutoutPath)
                .Output("--selection", selectionPath);

            // The model folder is found (or refused) before the image is read: no late failure.
            string modelDirectory = parse.GetValue(models) is { } givenModels ? ModelLocator.Given("--models", givenModels) : ModelLocator.Find(ModelsCommand.HowToGetAModel);
            BgraImage source;
            using (progress.Step($"reading {Path.GetFileName(imagePath)}"))
            {
                source = ImageFile.Load(imagePath);
            }

            prompt.Validate(source.Width, source.Height);

            string deviceText = parse.GetValue(device)!;
            var request = new ProviderRequest
            {
                Provider = ProviderRequest.ParseProvider(deviceText) ?? throw new UsageException($"--device '{deviceText}': expected auto, cpu, cuda or directml"),
                Adapter = AdapterPreference.Parse(parse.GetValue(adapter)),
            };

            ProcessMemory.ReturnLargeFreedBlocks();
            StageHistory history = StageHistory.ForUser();
            string deviceKey = deviceText.ToLowerInvariant();
            long loadStarted = Stopwatch.GetTimestamp();
            OnnxSamModel loaded;
            using (progress.Step("loading the model", history.Usual(StageHistory.Load, modelDirectory, deviceKey)))
            {
                loaded = OnnxSamModel.Load(modelDirectory, new ModelLoadOptions { Request = request, Settings = SessionSettings.Default.WithSavedGraphs(CacheCommand.Disk()?.Directory) });
            }

            using OnnxSamModel model = loaded;
            history.Record(StageHistory.Load, modelDirectory, deviceKey, Stopwatch.GetElapsedTime(loadStarted));
            RandomWeightsNotice.WriteIfRandom(modelDirectory, stderr);
            if (parse.GetValue(verbose))
            {
                stderr.WriteLine($"hqsam: {model.Plan}");
            }
            else if (request.Provider is not (ProviderPreference.Auto or ProviderPreference.Cpu) && model.Plan.Encoder.Provider == ExecutionProvider.Cpu)
            {
                // Asked for a GPU and did not get it: never silent.
                stderr.WriteLine($"hqsam: warning: {deviceText} not used: {model.Plan.Encoder.Reason}");
            }

            // The disk cache: the same image with the same model is encoded once, not once per run.
            var embeddings = new EmbeddingCache(disk: CacheCommand.Disk());
            var predictor = new SamPredictor(model, embeddings);
            var stages = new StageTimings();
            var segmentation = new SegmentationOptions
            {
                Mask = choice, EdgeStrength = edgeStrength, Zoom = zoomMode, AutoZoomMaxEncode = TimeSpan.FromSeconds(zoomSeconds), FillHolesUpTo = holes, RemoveSpecksUpTo = specks,
            };
            UInt128 hash = EmbeddingKey.HashContent(source);
            using (progress.Step("encoding the image", history.Usual(StageHistory.Encode, modelDirectory, deviceKey)))
            {
                predictor.GetEmbedding(source, stages, contentHash: hash);
            }

            bool fromCache = stages[Stage.Encode] is null;
            if (stages[Stage.Encode] is double encodeMs)
            {
                history.Record(StageHistory.Encode, modelDirectory, deviceKey, TimeSpan.FromMilliseconds(encodeMs));
            }
            else if (parse.GetValue(verbose))
            {
                stderr.WriteLine($"hqsam: the embedding came from the disk cache ({embeddings.Disk?.Directory}): no encode");
            }

            if (!predictor.ShouldZoom(segmentation))
            {
                // One run, one image: the encoder is done with. Its memory goes before the decode
                // and the full-size mask are allocated, which keeps the run's peak to the encode's.
                model.ReleaseEncoder();
            }

            SegmentationResult result;
            using (progress.Step(predictor.ShouldZoom(segmentation) ? "selecting (a small object gets a closer look: one more encode)" : "selecting"))
            {
                result = predictor.Segment(source, prompt, segmentation, stages, contentHash: hash);
                MaskAdjustments.Apply(result.Mask, result.Width, result.Height, parse.GetValue(invert), growBy, featherBy);
            }

            using (progress.Step($"writing {Path.GetFileName(maskPath)}"))
            {
                ImageFile.SaveGray(maskPath, maskFormat, result.Mask, result.Width, result.Height);
            }

            if (overlayPath is not null)
            {
                using IDisposable step = progress.Step($"writing {Path.GetFileName(overlayPath)}");
                ImageFile.SaveBgra(overlayPath, overlayFormat!, MaskRenderer.Overlay(source, result.Mask), source.Width, source.Height);
            }

            if (cutoutPath is not null)
            {
                using IDisposable step = progress.Step($"writing {Path.GetFileName(cutoutPath)}");
                ImageFile.SaveBgra(cutoutPath, cutoutFormat!, MaskRenderer.Cutout(source, result.Mask), source.Width, source.Height);
            }

            if (selectionPath is not null)
            {
                using IDisposable step = progress.Step($"writing {Path.GetFileName(selectionPath)}");
                SelectionCommand.Write(selectionPath, result.Mask, result.Width, result.Height, simplify, stdout);
            }

            if (parse.GetValue(timings))
            {
                if (fromCache)
                {
                    stderr.WriteLine("# embedding from the disk cache: no preprocess, no encode");
                }

                foreach (string line in stages.Lines())
                {
                    stderr.WriteLine(line);
                }
            }

            stdout.WriteLine($"{maskPath}: {result.SelectedPixelCount} of {source.PixelCount} pixels selected ({Describe(choice, result)})");
            return HqSamCli.Ok;
        });
        return command;
    }

    /// <summary>Which mask the selection came from, in the words of <c>--mask</c>.</summary>
    private static string Describe(MaskChoice choice, SegmentationResult result) => choice.Kind switch
    {
        MaskChoiceKind.Hq => "hq: the HQ mask, channel 3",
        MaskChoiceKind.Best => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"best: SAM mask {result.Channel}, predicted IoU {result.Iou[result.Channel]:0.00}"),
        MaskChoiceKind.HqPlusBest => $"hq+best: the HQ mask plus SAM mask {result.Channel}",
        _ => $"channel {result.Channel}",
    };

    // --edge-strength is the dialogs' percentage as a factor: 100 % is 1.
    private static float MinEdgeStrength => SelectionOptionRanges.EdgeStrengthPercent.Minimum / 100f;

    private static float MaxEdgeStrength => SelectionOptionRanges.EdgeStrengthPercent.Maximum / 100f;

    private static int Check(string option, int value, OptionRange range) =>
        range.Contains(value) ? value : throw new UsageException($"{option} {value}: expected {range} pixels");
}
