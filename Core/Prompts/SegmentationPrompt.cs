using System.Collections.Immutable;
using System.Globalization;

namespace HqSam.Core.Prompts;

/// <summary>
/// What the user asked for: clicks and an optional box, in source-image pixels. Immutable, so a
/// host can hand it to a background render without copying.
/// </summary>
public sealed record SegmentationPrompt
{
    public SegmentationPrompt(IEnumerable<PointPrompt>? points = null, BoxPrompt? box = null)
    {
        Points = points is null ? [] : [.. points];
        Box = box;
    }

    public ImmutableArray<PointPrompt> Points { get; }

    public BoxPrompt? Box { get; }

    public bool IsEmpty => Points.IsEmpty && Box is null;

    /// <summary>Equal points in the same order and an equal box: the same question for the decoder (an immutable array alone compares by reference).</summary>
    public bool Equals(SegmentationPrompt? other) =>
        other is not null && Box == other.Box && Points.AsSpan().SequenceEqual(other.Points.AsSpan());

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(Box);
        foreach (PointPrompt p in Points)
        {
            hash.Add(p);
        }

        return hash.ToHashCode();
    }

    /// <summary>
    /// Checks the prompt against an image: at least one point or a box, every coordinate finite,
    /// points inside the pixel grid <c>[0, W) x [0, H)</c>, box corners inside <c>[0, W] x [0, H]</c>
    /// and a box of non-zero width and height. Errors name the offending value; nothing is clamped.
    /// </summary>
    public void Validate(int width, int height)
    {
        if (IsEmpty)
        {
            throw new PromptException("no prompt: give at least one point or a box");
        }

        foreach (PointPrompt p in Points)
        {
            string what = p.Positive ? "point" : "negative point";
            if (!float.IsFinite(p.X) || !float.IsFinite(p.Y))
            {
                throw new PromptException(Invariant($"{what} ({p.X}, {p.Y}) is not a finite coordinate"));
            }

            if (p.X < 0 || p.Y < 0 || p.X >= width || p.Y >= height)
            {
                throw new PromptException(Invariant($"{what} ({p.X}, {p.Y}) is outside the {width}x{height} image"));
            }
        }

        if (Box is { } b)
        {
            if (!float.IsFinite(b.X0) || !float.IsFinite(b.Y0) || !float.IsFinite(b.X1) || !float.IsFinite(b.Y1))
            {
                throw new PromptException(Invariant($"box ({b.X0}, {b.Y0}, {b.X1}, {b.Y1}) has a coordinate that is not finite"));
            }

            BoxPrompt n = b.Normalized;
            if (n.X0 < 0 || n.Y0 < 0 || n.X1 > width || n.Y1 > height)
            {
                throw new PromptException(Invariant($"box ({b.X0}, {b.Y0}, {b.X1}, {b.Y1}) is outside the {width}x{height} image"));
            }

            if (n.Width <= 0 || n.Height <= 0)
            {
                throw new PromptException(Invariant($"box ({b.X0}, {b.Y0}, {b.X1}, {b.Y1}) has zero area"));
            }
        }
    }

    private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
