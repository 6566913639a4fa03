using System.Collections.Immutable;
using System.CommandLine;
using System.Globalization;
using HqSam.Cli.Imaging;
using HqSam.Core.Editing;
using HqSam.Core.Masks;
using HqSam.Core.Pipeline;
using HqSam.Core.Prompts;

namespace HqSam.Cli.Commands;

/// <summary>
/// <c>hqsam segment</c>'s options, declared once, and their reading: every value is checked, and every
/// output's format and place, before any work is done (nothing is clamped silently). The ranges the
/// dialogs share come from <see cref="SelectionOptionRanges"/>.
/// </summary>
internal sealed class SegmentOptions
{
    public readonly Option<string> Image = new("--image", "-i") { Description = "Input image: png, jpg, bmp, webp or gif.", HelpName = "FILE", Required = true };

    public readonly Option<string?> Models = new("--models", "-m") { Description = "Folder with encoder.onnx and decoder.onnx (without it: the model store's chosen model).", HelpName = "DIR" };

    public readonly Option<string> Output = new("--out", "-o") { Description = "Mask to write (.png, .jpg or .webp): 8-bit gray, 255 selected, 0 not.", HelpName = "FILE", Required = true };

    public readonly Option<string[]> Points = new("--point", "-p") { Description = "Click on the object, in image pixels (repeatable).", HelpName = "X,Y", AllowMultipleArgumentsPerToken = false };

    public readonly Option<string[]> Negatives = new("--negative", "-n") { Description = "Click on what must stay out, in image pixels (repeatable).", HelpName = "X,Y", AllowMultipleArgumentsPerToken = false };

    public readonly Option<string?> Box = new("--box", "-b") { Description = "Box around the object: two corners in image pixels, either order.", HelpName = "X0,Y0,X1,Y1" };

    public readonly Option<string[]> Objects = new("--object")
    {
        Description = "Another object in the same selection (repeatable; the selection is the union): its clicks X,Y, clicks to exclude -X,Y and at most one box X0,Y0,X1,Y1, separated by spaces. --point, --negative and --box, when given, are the first object.",
        HelpName = "\"X,Y -X,Y X0,Y0,X1,Y1\"",
        AllowMultipleArgumentsPerToken = false,
    };

    public readonly Option<string?> Mask = new("--mask") { Description = "Which mask: hq (the HQ token's), best (the SAM mask with the best predicted IoU), hq+best, or a channel 0-3 [default: hq on HQ-SAM 2.1, best on plain SAM 2.1, which has no HQ mask].", HelpName = "hq|best|hq+best|0-3" };

    public readonly Option<string?> Overlay = new("--overlay") { Description = "Also write the image with the selection tinted and outlined (.png, .jpg or .webp).", HelpName = "FILE" };

    public readonly Option<string?> Cutout = new("--cutout") { Description = "Also write a cut-out with the background transparent (.png or .webp).", HelpName = "FILE" };

    public readonly Option<bool> Timings = new("--timings") { Description = "Print '<stage> <ms> ms' per stage to stderr (and '# embedding from the disk cache' when it was not encoded)." };

    public readonly Option<string> Device = new("--device") { Description = "Where the encoder runs.", HelpName = "auto|cpu|cuda|directml", DefaultValueFactory = _ => "auto" };

    public readonly Option<string?> Adapter = new("--adapter") { Description = "DirectML adapter: an index or part of its name [default: the discrete GPU with the most memory].", HelpName = "INDEX|NAME" };

    public readonly Option<string?> Selection = new("--selection") { Description = "Also write the mask as Paint.NET selection clipboard text (JSON).", HelpName = "FILE" };

    public readonly Option<double> Tolerance = SelectionCommand.ToleranceOption();

    public readonly Option<float> Edges = new("--edge-strength")
    {
        Description = $"Move mask edges onto the image's own edges, where it shows one: 1 = within half a logit cell of the plain edge, {SegmentOptions.MinEdgeStrength}-{SegmentOptions.MaxEdgeStrength} (0 = plain bilinear; the dialogs' percentage / 100).",
        HelpName = $"{SegmentOptions.MinEdgeStrength}-{SegmentOptions.MaxEdgeStrength}",
        DefaultValueFactory = _ => SelectionOptionRanges.EdgeStrengthPercent.Default / 100f,
    };

    public readonly Option<string> Zoom = new("--zoom")
    {
        Description = "Look closer at a small object: a second decode on a crop around it, which costs one more encode (seconds on a CPU). auto: only when an encode takes at most --zoom-max-encode.",
        HelpName = "auto|on|off",
        DefaultValueFactory = _ => "auto",
    };

    public readonly Option<double> ZoomLimit = new("--zoom-max-encode")
    {
        Description = "The encode time, in seconds, up to which --zoom auto looks closer (a 2-core CPU takes about 12 for HQ-SAM 2.1 Hiera-L).",
        HelpName = "SECONDS",
        DefaultValueFactory = _ => SegmentationOptions.DefaultAutoZoomMaxEncode.TotalSeconds,
    };

    public readonly Option<int> Grow = new("--grow") { Description = $"Grow the selection by N pixels, {SelectionOptionRanges.Grow} (negative shrinks), round corners.", HelpName = "N" };

    public readonly Option<int> SoftEdge = new("--soft-edge") { Description = $"Estimate a soft edge from the image within N pixels of the mask's edge, {SelectionOptionRanges.SoftEdge} (hair, fringes and motion blur get partial alpha; for cut-outs and layer masks).", HelpName = "N" };

    public readonly Option<int> Feather = new("--feather") { Description = $"Soften the edge over N pixels, {SelectionOptionRanges.Feather} (the mask gets gray edges).", HelpName = "N" };

    public readonly Option<bool> Invert = new("--invert") { Description = "Select everything except the object." };

    public readonly Option<int> FillHoles = new("--fill-holes") { Description = $"Holes in the selection up to N pixels become part of it, {SelectionOptionRanges.FillHoles} (rounded down to whole logit cells; 0 = off).", HelpName = "N" };

    public readonly Option<int> RemoveSpecks = new("--remove-specks") { Description = $"Specks of the selection up to N pixels are dropped, {SelectionOptionRanges.RemoveSpecks} (rounded down to whole logit cells; 0 = off).", HelpName = "N" };

    public readonly Option<bool> Verbose = new("--verbose", "-v") { Description = "Say on stderr where the encoder and decoder run, and why, and whether the embedding came from the disk cache." };

    /// <summary>In the order <c>--help</c> lists them.</summary>
    public Option[] All =>
    [
        Image, Models, Output, Points, Negatives, Box, Objects, Mask, Overlay, Cutout, Timings, Device, Adapter, Verbose, Selection, Tolerance, Edges,
        Zoom, ZoomLimit, Grow, SoftEdge, Feather, Invert, FillHoles, RemoveSpecks,
    ];

    // --edge-strength is the dialogs' percentage as a factor: 100 % is 1.
    public static float MinEdgeStrength => SelectionOptionRanges.EdgeStrengthPercent.Minimum / 100f;

    public static float MaxEdgeStrength => SelectionOptionRanges.EdgeStrengthPercent.Maximum / 100f;

    /// <summary>What the command line asks, checked; a bad value is a <see cref="UsageException"/> naming it.</summary>
    public SegmentRequest Read(ParseResult parse)
    {
        var first = new SegmentationPrompt(
            [.. (parse.GetValue(Points) ?? []).Select(p => CoordinateParser.Point("--point", p, positive: true)),
             .. (parse.GetValue(Negatives) ?? []).Select(p => CoordinateParser.Point("--negative", p, positive: false))],
            parse.GetValue(Box) is { } b ? CoordinateParser.Box("--box", b) : null);
        ImmutableArray<SegmentationPrompt> others = [.. (parse.GetValue(Objects) ?? []).Select(o => CoordinateParser.Object("--object", o))];

        // Without --point, --negative or --box the objects are the --object groups alone; with none at
        // all, the empty prompt stays, and checking it says what is missing.
        ImmutableArray<SegmentationPrompt> prompts = first.IsEmpty && !others.IsEmpty ? others : others.Insert(0, first);
        string? maskText = parse.GetValue(Mask);
        MaskChoice? choice = maskText is null ? null : MaskChoice.TryParse(maskText) ?? throw new UsageException($"--mask '{maskText}': expected hq, best, hq+best or 0-3");

        double simplify = SelectionCommand.CheckTolerance(parse.GetValue(Tolerance));
        int grow = Check("--grow", parse.GetValue(Grow), SelectionOptionRanges.Grow);
        int feather = Check("--feather", parse.GetValue(Feather), SelectionOptionRanges.Feather);
        int softEdge = Check("--soft-edge", parse.GetValue(SoftEdge), SelectionOptionRanges.SoftEdge);
        int holes = Check("--fill-holes", parse.GetValue(FillHoles), SelectionOptionRanges.FillHoles);
        int specks = Check("--remove-specks", parse.GetValue(RemoveSpecks), SelectionOptionRanges.RemoveSpecks);
        string zoomText = parse.GetValue(Zoom)!;
        ZoomMode zoom = zoomText.ToLowerInvariant() switch
        {
            "auto" => ZoomMode.Auto,
            "on" => ZoomMode.On,
            "off" => ZoomMode.Off,
            _ => throw new UsageException($"--zoom '{zoomText}': expected auto, on or off"),
        };
        float edgeStrength = parse.GetValue(Edges);
        if (!float.IsFinite(edgeStrength) || edgeStrength < MinEdgeStrength || edgeStrength > MaxEdgeStrength)
        {
            throw new UsageException($"--edge-strength {edgeStrength.ToString(CultureInfo.InvariantCulture)}: expected {MinEdgeStrength} to {MaxEdgeStrength}");
        }

        double zoomSeconds = parse.GetValue(ZoomLimit);
        if (!double.IsFinite(zoomSeconds) || zoomSeconds is < 0 or > 3600)
        {
            throw new UsageException($"--zoom-max-encode {zoomSeconds.ToString(CultureInfo.InvariantCulture)}: expected 0 to 3600 seconds");
        }

        // Every output is checked before any work: its format, its folder, and that it is neither
        // the input image nor another output of this run.
        string imagePath = parse.GetValue(Image)!, maskPath = parse.GetValue(Output)!;
        string? overlayPath = parse.GetValue(Overlay), cutoutPath = parse.GetValue(Cutout), selectionPath = parse.GetValue(Selection);
        ImageOutputFormat maskFormat = ImageOutputFormat.ForPath("--out", maskPath, needsAlpha: false);
        ImageOutputFormat? overlayFormat = overlayPath is null ? null : ImageOutputFormat.ForPath("--overlay", overlayPath, needsAlpha: false);
        ImageOutputFormat? cutoutFormat = cutoutPath is null ? null : ImageOutputFormat.ForPath("--cutout", cutoutPath, needsAlpha: true);
        new OutputTargets()
            .Input("--image", imagePath)
            .Output("--out", maskPath)
            .Output("--overlay", overlayPath)
            .Output("--cutout", cutoutPath)
            .Output("--selection", selectionPath);

        return new SegmentRequest
        {
            ImagePath = imagePath,
            ModelsGiven = parse.GetValue(Models),
            Prompts = prompts,
            Segmentation = new SegmentationOptions
            {
                Mask = choice, EdgeStrength = edgeStrength, Zoom = zoom, AutoZoomMaxEncode = TimeSpan.FromSeconds(zoomSeconds), FillHolesUpTo = holes, RemoveSpecksUpTo = specks,
            },
            Invert = parse.GetValue(Invert),
            Grow = grow,
            Feather = feather,
            SoftEdge = softEdge,
            Mask = new ImageOutput(maskPath, maskFormat),
            Overlay = overlayPath is null ? null : new ImageOutput(overlayPath, overlayFormat!),
            Cutout = cutoutPath is null ? null : new ImageOutput(cutoutPath, cutoutFormat!),
            SelectionPath = selectionPath,
            Simplify = simplify,
            DeviceText = parse.GetValue(Device)!,
            Adapter = parse.GetValue(Adapter),
            Verbose = parse.GetValue(Verbose),
            Timings = parse.GetValue(Timings),
        };
    }

    private static int Check(string option, int value, OptionRange range) =>
        range.Contains(value) ? value : throw new UsageException($"{option} {value}: expected {range} pixels");
}
