using System.Collections.Immutable;
using HqSam.Core.Masks;
using HqSam.Core.Prompts;

namespace HqSam.Core.Editing;

/// <summary>
/// The user's hints and output choices, as the dialog's token holds them. Immutable: the host copies
/// the token into one of these, and render threads only ever see a finished one.
/// </summary>
public sealed record EditorSettings
{
    /// <summary>The clicks on the object being selected now (the last one, when there are several).</summary>
    public ImmutableArray<PointPrompt> Points { get; init; } = [];

    /// <summary>
    /// Objects selected before the current one (Shift+click or "+ object" in the click dialog), each
    /// with its own points and box; the selection is the union of every object's mask. Empty for one object.
    /// </summary>
    public ImmutableArray<SegmentationPrompt> EarlierObjects { get; init; } = [];

    /// <summary>The host's current selection bounds, when a selection smaller than the canvas exists.</summary>
    public BoxPrompt? SelectionBounds { get; init; }

    /// <summary>Use <see cref="SelectionBounds"/> as the box prompt ("refine the current selection").</summary>
    public bool UseSelectionAsBox { get; init; } = true;

    public MaskChoice Mask { get; init; } = MaskChoice.Hq;

    /// <summary>Feed the previous decode's low-res mask back as <c>mask_input</c>.</summary>
    public bool RefineFromPrevious { get; init; }

    /// <summary>Edge refinement against the layer's pixels (<see cref="Masks.EdgeRefiner.Strength"/>: 1 = half a logit cell each side; 0 = off).</summary>
    public float EdgeStrength { get; init; } = 1f;

    /// <summary>Whether a small object gets a closer look (a crop encode, once per object): automatic only where encodes are fast.</summary>
    public Pipeline.ZoomMode Zoom { get; init; } = Pipeline.ZoomMode.Auto;

    public OutputMode Output { get; init; } = OutputMode.Cutout;

    public bool Invert { get; init; }

    /// <summary>A soft edge estimated from the layer's colours over this many pixels (0 = off; <see cref="Masks.SoftEdge"/>).</summary>
    public int SoftEdge { get; init; }

    /// <summary>Edge softening in pixels (0 = hard edge).</summary>
    public int Feather { get; init; }

    /// <summary>Specks of the selection up to this many pixels are dropped before upsampling (0 = off; <see cref="SelectionOptionRanges.RemoveSpecks"/>).</summary>
    public int RemoveSpecks { get; init; }

    /// <summary>Holes in the selection up to this many pixels are filled before upsampling (0 = off; <see cref="SelectionOptionRanges.FillHoles"/>).</summary>
    public int FillHoles { get; init; }

    /// <summary>Pixels to grow (positive) or shrink (negative) the selection.</summary>
    public int Grow { get; init; }

    /// <summary>The folder of the model the user chose in the dialog; null for the default model (the one found without a choice).</summary>
    public string? Model { get; init; }

    /// <summary>The current object's prompt, or null when it has no point or box yet.</summary>
    public SegmentationPrompt? ToPrompt()
    {
        BoxPrompt? box = UseSelectionAsBox ? SelectionBounds : null;
        return Points.IsEmpty && box is null ? null : new SegmentationPrompt(Points, box);
    }

    /// <summary>Every object's prompt, the earlier ones first and the current one last; empty when there is nothing to select yet.</summary>
    public ImmutableArray<SegmentationPrompt> ToPrompts() =>
        ToPrompt() is { } current ? EarlierObjects.Add(current) : EarlierObjects;

    /// <summary>True when a change from <paramref name="other"/> needs a new decode (not only new pixels).</summary>
    public bool DecodesDifferentlyFrom(EditorSettings? other) =>
        other is null
        || !Points.SequenceEqual(other.Points)
        || !EarlierObjects.SequenceEqual(other.EarlierObjects)
        || (UseSelectionAsBox ? SelectionBounds : null) != (other.UseSelectionAsBox ? other.SelectionBounds : null)
        || Mask != other.Mask
        || RefineFromPrevious != other.RefineFromPrevious
        || EdgeStrength != other.EdgeStrength
        || RemoveSpecks != other.RemoveSpecks
        || FillHoles != other.FillHoles
        || Zoom != other.Zoom
        || !string.Equals(Model, other.Model, StringComparison.Ordinal);
}
