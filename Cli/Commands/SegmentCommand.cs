using System.CommandLine;
using HqSam.Cli.Imaging;
using HqSam.Core.Caching;
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
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var image = new Option<string>("--image") { Description = "Input image (png, jpg, bmp, webp).", Required = true };
        var models = new Option<string?>("--models") { Description = "Folder with encoder.onnx and decoder.onnx (default: the store's default model)." };
        var output = new Option<string>("--out") { Description = "Mask PNG to write: 8-bit gray, 255 selected, 0 not.", Required = true };
        var points = new Option<string[]>("--point") { Description = "Positive click X,Y in image pixels (repeatable).", AllowMultipleArgumentsPerToken = false };
        var negatives = new Option<string[]>("--negative") { Description = "Negative click X,Y in image pixels (repeatable).", AllowMultipleArgumentsPerToken = false };
        var box = new Option<string?>("--box") { Description = "Box X0,Y0,X1,Y1 in image pixels." };
        var mask = new Option<string>("--mask") { Description = "Which mask: hq (default), best, hq+best, or 0-3.", DefaultValueFactory = _ => "hq" };
        var overlay = new Option<string?>("--overlay") { Description = "Also write the image with the selection tinted and outlined." };
        var cutout = new Option<string?>("--cutout") { Description = "Also write an RGBA cut-out with the background transparent." };
        var timings = new Option<bool>("--timings") { Description = "Print '<stage> <ms> ms' per stage to stderr." };
        var device = new Option<string>("--device") { Description = "Where the encoder runs: auto (default), cpu, cuda, directml.", DefaultValueFactory = _ => "auto" };
        var adapter = new Option<string?>("--adapter") { Description = "DirectML adapter: an index or part of its name (default: the discrete GPU with the most memory)." };
        var selection = new Option<string?>("--selection") { Description = "Also write the mask as Paint.NET selection clipboard text (JSON)." };
        var tolerance = SelectionCommand.ToleranceOption();
        var edges = new Option<float>("--edge-strength")
        {
            Description = "Snap mask edges to the image at full resolution: band width in logit cells (0 = plain bilinear).",
            DefaultValueFactory = _ => 1f,
        };
        var grow = new Option<int>("--grow") { Description = "Grow the selection by N pixels (negative: shrink), round corners." };
        var feather = new Option<int>("--feather") { Description = "Soften the edge over N pixels (the mask gets gray edges)." };
        var invert = new Option<bool>("--invert") { Description = "Select everything except the object." };
        var verbose = new Option<bool>("--verbose") { Description = "Say on stderr where the encoder and decoder run, and why." };

        var command = new Command("segment", "Select an object by clicks and/or a box and write its mask.")
        {
            image, models, output, points, negatives, box, mask, overlay, cutout, timings, device, adapter, verbose, selection, tolerance, edges,
            grow, feather, invert,
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
            int growBy = CheckRadius("--grow", parse.GetValue(grow), allowNegative: true);
            int featherBy = CheckRadius("--feather", parse.GetValue(feather), allowNegative: false);
            BgraImage source = ImageFile.Load(parse.GetValue(image)!);
            prompt.Validate(source.Width, source.Height);

            string deviceText = parse.GetValue(device)!;
            var request = new ProviderRequest
            {
                Provider = ProviderRequest.ParseProvider(deviceText) ?? throw new UsageException($"--device '{deviceText}': expected auto, cpu, cuda or directml"),
                Adapter = AdapterPreference.Parse(parse.GetValue(adapter)),
            };

            string modelDirectory = parse.GetValue(models) ?? ModelLocator.Find();
            using OnnxSamModel model = OnnxSamModel.Load(modelDirectory, new ModelLoadOptions { Request = request });
            if (parse.GetValue(verbose))
            {
                stderr.WriteLine($"hqsam: {model.Plan}");
            }
            else if (request.Provider is not (ProviderPreference.Auto or ProviderPreference.Cpu) && model.Plan.Encoder.Provider == ExecutionProvider.Cpu)
            {
                // Asked for a GPU and did not get it: never silent.
                stderr.WriteLine($"hqsam: warning: {deviceText} not used: {model.Plan.Encoder.Reason}");
            }

            var predictor = new SamPredictor(model, new EmbeddingCache());
            var stages = new StageTimings();
            float edgeStrength = parse.GetValue(edges);
            if (!float.IsFinite(edgeStrength) || edgeStrength is < 0 or > 4)
            {
                throw new UsageException($"--edge-strength {edgeStrength.ToString(System.Globalization.CultureInfo.InvariantCulture)}: expected 0 to 4");
            }

            SegmentationResult result = predictor.Segment(source, prompt, new SegmentationOptions { Mask = choice, EdgeStrength = edgeStrength }, stages);
            MaskAdjustments.Apply(result.Mask, result.Width, result.Height, parse.GetValue(invert), growBy, featherBy);

            ImageFile.SaveGray(parse.GetValue(output)!, result.Mask, result.Width, result.Height);
            if (parse.GetValue(overlay) is { } overlayPath)
            {
                ImageFile.SaveBgra(overlayPath, MaskRenderer.Overlay(source, result.Mask), source.Width, source.Height);
            }

            if (parse.GetValue(cutout) is { } cutoutPath)
            {
                ImageFile.SaveBgra(cutoutPath, MaskRenderer.Cutout(source, result.Mask), source.Width, source.Height);
            }

            if (parse.GetValue(selection) is { } selectionPath)
            {
                SelectionCommand.Write(selectionPath, result.Mask, result.Width, result.Height, simplify, stdout);
            }

            if (parse.GetValue(timings))
            {
                foreach (string line in stages.Lines())
                {
                    stderr.WriteLine(line);
                }
            }

            stdout.WriteLine($"{parse.GetValue(output)}: {result.SelectedPixelCount} of {source.PixelCount} pixels selected (mask {result.Channel})");
            return HqSamCli.Ok;
        });
        return command;
    }

    private static int CheckRadius(string option, int value, bool allowNegative) =>
        (allowNegative ? Math.Abs(value) : value) is >= 0 and <= MaskAdjustments.MaxRadius && (allowNegative || value >= 0)
            ? value
            : throw new UsageException($"{option} {value}: expected {(allowNegative ? $"-{MaskAdjustments.MaxRadius}" : "0")} to {MaskAdjustments.MaxRadius} pixels");
}
