using System.Collections.Immutable;
using HqSam.Cli.Imaging;
using HqSam.Core.Pipeline;
using HqSam.Core.Prompts;

namespace HqSam.Cli.Commands;

/// <summary>What one <c>hqsam segment</c> asks, every value checked (<see cref="SegmentOptions.Read"/>).</summary>
internal sealed record SegmentRequest
{
    public required string ImagePath { get; init; }

    /// <summary><c>--models</c> as given; null to look the model up.</summary>
    public required string? ModelsGiven { get; init; }

    /// <summary>One prompt per object, in the order given; the selection is the union of their masks.</summary>
    public required ImmutableArray<SegmentationPrompt> Prompts { get; init; }

    public required SegmentationOptions Segmentation { get; init; }

    public required bool Invert { get; init; }

    public required int Grow { get; init; }

    public required int Feather { get; init; }

    /// <summary><c>--soft-edge</c>: the band, in pixels, a soft edge is estimated in from the image (0 = none).</summary>
    public required int SoftEdge { get; init; }

    public required ImageOutput Mask { get; init; }

    public required ImageOutput? Overlay { get; init; }

    public required ImageOutput? Cutout { get; init; }

    public required string? SelectionPath { get; init; }

    /// <summary>The selection outline's simplification in pixels (<c>--tolerance</c>).</summary>
    public required double Simplify { get; init; }

    /// <summary><c>--device</c> as given (parsed where the model loads, and the key of this machine's stage times).</summary>
    public required string DeviceText { get; init; }

    public required string? Adapter { get; init; }

    public required bool Verbose { get; init; }

    public required bool Timings { get; init; }
}
