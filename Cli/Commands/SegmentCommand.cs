using System.Collections.Immutable;
using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using HqSam.Cli.Imaging;
using HqSam.Core.Caching;
using HqSam.Core.Imaging;
using HqSam.Core.Masks;
using HqSam.Core.Pipeline;
using HqSam.Core.Prompts;
using HqSam.Interop.Onnx;
using HqSam.Interop.Providers;

namespace HqSam.Cli.Commands;

/// <summary>
/// <c>hqsam segment</c>: one image, prompts, a mask (and optionally an overlay, a cut-out and a
/// selection). The run, in order: read and check the request (<see cref="SegmentOptions"/>), find the
/// model, read the image, load the model, encode (or take the embedding from the disk cache), select,
/// write the outputs, report.
/// </summary>
internal static class SegmentCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr, TerminalProgress progress, CliServices services)
    {
        var options = new SegmentOptions();
        var command = new Command("segment", "Select an object by clicks and/or a box and write its mask.");
        foreach (Option option in options.All)
        {
            command.Options.Add(option);
        }

        command.SetAction(parse => Run(options.Read(parse), services, stdout, stderr, progress));
        return command;
    }

    private static int Run(SegmentRequest request, CliServices services, TextWriter stdout, TextWriter stderr, TerminalProgress progress)
    {
        // The model folder is found (or refused) before the image is read: no late failure.
        string modelDirectory = request.ModelsGiven is { } given ? ModelLocator.Given("--models", given) : ModelLocator.Find(ModelsCommand.HowToGetAModel);
        BgraImage source;
        using (progress.Step($"reading {Path.GetFileName(request.ImagePath)}"))
        {
            source = ImageFile.Load(request.ImagePath);
        }

        ValidatePrompts(request.Prompts, source.Width, source.Height);
        StageHistory history = services.History();
        EmbeddingDiskCache? disk = services.Disk();
        using OnnxSamModel model = Load(request, modelDirectory, disk, history, stderr, progress);

        // The disk cache: the same image with the same model is encoded once, not once per run.
        var embeddings = new EmbeddingCache(disk: disk);
        var predictor = new SamPredictor(model, embeddings);
        var stages = new StageTimings();
        UInt128 hash = EmbeddingKey.HashContent(source);
        bool fromCache = Encode(request, predictor, source, hash, stages, modelDirectory, history, progress);
        if (fromCache && request.Verbose)
        {
            stderr.WriteLine($"hqsam: the embedding came from the disk cache ({disk?.Directory}): no encode");
        }

        if (!predictor.ShouldZoom(request.Segmentation))
        {
            // One run, one image: the encoder is done with. Its memory goes before the decode
            // and the full-size mask are allocated, which keeps the run's peak to the encode's.
            model.ReleaseEncoder();
        }

        SegmentationResult[] results;
        using (progress.Step(predictor.ShouldZoom(request.Segmentation) ? "selecting (a small object gets a closer look: one more encode)" : "selecting"))
        {
            results = [.. request.Prompts.Select(prompt => predictor.Segment(source, prompt, request.Segmentation, stages, contentHash: hash))];
            foreach (SegmentationResult other in results.AsSpan(1))
            {
                MaskUnion.Into(results[0].Mask.Pixels, other.Mask.Pixels); // several objects: the selection is their union
            }
        }

        Mask mask = results[0].Mask;
        MaskFinisher.Adjust(mask, request.Invert, request.Grow, request.Feather, source, request.SoftEdge);

        WriteOutputs(request, source, mask, stdout, progress);
        if (request.Timings)
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

        stdout.WriteLine($"{request.Mask.Path}: {mask.SelectedPixelCount} of {source.PixelCount} pixels selected ({Describe(request.Segmentation.Mask ?? MaskChoice.DefaultFor(model.Family), results)})");
        return HqSamCli.Ok;
    }

    /// <summary>Loads the model where <c>--device</c> asks (from its saved optimised graph when there is one), and says where it runs when asked or when it is not where a GPU was wanted.</summary>
    private static OnnxSamModel Load(SegmentRequest request, string modelDirectory, EmbeddingDiskCache? disk, StageHistory history, TextWriter stderr, TerminalProgress progress)
    {
        string deviceText = request.DeviceText;
        var provider = new ProviderRequest
        {
            Provider = ProviderRequest.ParseProvider(deviceText) ?? throw new UsageException($"--device '{deviceText}': expected auto, cpu, cuda or directml"),
            Adapter = AdapterPreference.Parse(request.Adapter),
        };

        ProcessMemory.ReturnLargeFreedBlocks();
        string deviceKey = deviceText.ToLowerInvariant();
        long loadStarted = Stopwatch.GetTimestamp();
        OnnxSamModel model;
        using (progress.Step("loading the model", history.Usual(StageHistory.Load, modelDirectory, deviceKey)))
        {
            model = OnnxSamModel.Load(modelDirectory, new ModelLoadOptions { Request = provider, Settings = SessionSettings.Default.WithSavedGraphs(disk?.Directory) });
        }

        history.Record(StageHistory.Load, modelDirectory, deviceKey, Stopwatch.GetElapsedTime(loadStarted));
        RandomWeightsNotice.WriteIfRandom(modelDirectory, stderr);
        if (request.Verbose)
        {
            stderr.WriteLine($"hqsam: {model.Plan}");
        }
        else if (provider.Provider is not (ProviderPreference.Auto or ProviderPreference.Cpu) && model.Plan.Encoder.Provider == ExecutionProvider.Cpu)
        {
            // Asked for a GPU and did not get it: never silent.
            stderr.WriteLine($"hqsam: warning: {deviceText} not used: {model.Plan.Encoder.Reason}");
        }

        return model;
    }

    /// <summary>The image's embedding into the cache; records this machine's encode time for the progress line's "usually".</summary>
    /// <returns>Whether the embedding came from the disk cache (no encode).</returns>
    private static bool Encode(SegmentRequest request, SamPredictor predictor, BgraImage source, UInt128 hash, StageTimings stages, string modelDirectory, StageHistory history, TerminalProgress progress)
    {
        string deviceKey = request.DeviceText.ToLowerInvariant();
        using (progress.Step("encoding the image", history.Usual(StageHistory.Encode, modelDirectory, deviceKey)))
        {
            predictor.GetEmbedding(source, stages, contentHash: hash);
        }

        if (stages[Stage.Encode] is double encodeMs)
        {
            history.Record(StageHistory.Encode, modelDirectory, deviceKey, TimeSpan.FromMilliseconds(encodeMs));
            return false;
        }

        return true;
    }

    private static void WriteOutputs(SegmentRequest request, BgraImage source, Mask mask, TextWriter stdout, TerminalProgress progress)
    {
        using (progress.Step($"writing {Path.GetFileName(request.Mask.Path)}"))
        {
            ImageFile.SaveMask(request.Mask.Path, request.Mask.Format, mask);
        }

        if (request.Overlay is { } overlay)
        {
            using IDisposable step = progress.Step($"writing {Path.GetFileName(overlay.Path)}");
            ImageFile.SaveBgra(overlay.Path, overlay.Format, MaskRenderer.Overlay(source, mask), source.Width, source.Height);
        }

        if (request.Cutout is { } cutout)
        {
            using IDisposable step = progress.Step($"writing {Path.GetFileName(cutout.Path)}");
            ImageFile.SaveBgra(cutout.Path, cutout.Format, MaskRenderer.Cutout(source, mask), source.Width, source.Height);
        }

        if (request.SelectionPath is { } selectionPath)
        {
            using IDisposable step = progress.Step($"writing {Path.GetFileName(selectionPath)}");
            SelectionCommand.Write(selectionPath, mask, request.Simplify, stdout);
        }
    }

    /// <summary>Each object's prompt checked before the encode; with several, the message says which object.</summary>
    private static void ValidatePrompts(ImmutableArray<SegmentationPrompt> prompts, int width, int height)
    {
        for (int i = 0; i < prompts.Length; i++)
        {
            try
            {
                prompts[i].Validate(width, height);
            }
            catch (PromptException e) when (prompts.Length > 1)
            {
                throw new PromptException($"object {i + 1}: {e.Message}");
            }
        }
    }

    /// <summary>Which mask the selection came from, in the words of <c>--mask</c>, and of how many objects.</summary>
    private static string Describe(MaskChoice choice, SegmentationResult[] results) => results.Length == 1
        ? Describe(choice, results[0])
        : choice.Kind == MaskChoiceKind.Best
            ? $"best: per object the SAM mask with the best predicted IoU ({string.Join(", ", results.Select(r => r.Channel))}); the union of {results.Length} objects"
            : $"{Describe(choice, results[0])}; the union of {results.Length} objects";

    private static string Describe(MaskChoice choice, SegmentationResult result) => choice.Kind switch
    {
        MaskChoiceKind.Hq => "hq: the HQ mask, channel 3",
        MaskChoiceKind.Best => string.Create(CultureInfo.InvariantCulture, $"best: SAM mask {result.Channel}, predicted IoU {result.Iou[result.Channel]:0.00}"),
        MaskChoiceKind.HqPlusBest => $"hq+best: the HQ mask plus SAM mask {result.Channel}",
        _ => $"channel {result.Channel}",
    };
}
