using System.Buffers;
using HqSam.Core.Contract;
using HqSam.Core.Imaging;

namespace HqSam.Core.Masks;

/// <summary>
/// Moves the plain mask's edge onto the image's own edge, where the image shows one, at full
/// resolution. The logits are 256²: on a 24 MP photo one logit cell covers ~20 x 20 pixels, so a plain
/// bilinear edge can sit a pixel or more off the true one.
/// <para>
/// Statistics at cell resolution, decisions at pixel resolution (the idea of the fast guided filter):
/// <list type="number">
/// <item>The band of doubt (<see cref="EdgeBand"/>): pixels whose distance to the plain edge, estimated from the interpolated
/// logit and its gradient over the same bilinear patch, is under half a cell (<see cref="Strength"/> scales it). Only
/// cells with a sign change nearby are visited, so flat areas cost nothing.</item>
/// <item>For each such cell (<see cref="EdgeDecisions"/>), the mean colour and spread of the trusted inside and trusted outside
/// pixels within one cell around it (sampled on a sparse grid).</item>
/// <item>The cell is refined only if the two sides differ clearly (contrast of at least
/// <see cref="MinContrast"/> and <see cref="Separation"/> times their own spread): where the image shows no edge across the
/// band (flat colour, or texture on both sides), the plain edge stays exactly where it is.</item>
/// <item>A doubtful pixel changes side only when its colour and its 3 x 3 mean colour, projected on
/// the line between the two means, both lie clearly on the other side (beyond the middle ±
/// <see cref="Margin"/>), and both are typical of that side (within <see cref="Typical"/> times its
/// spread): a colour unlike either side is no evidence. A wanted change also needs two wanted
/// neighbours: an edge that really lies elsewhere moves a run of pixels, texture moves single ones.</item>
/// <item>Changes are applied as simple-point flips (digital topology, 8-connected objects and
/// 4-connected background): a flip that would create or join a component or a hole is not made
/// (<see cref="SimplePointFlips"/>). The refined mask has exactly the components and holes of the
/// plain one.</item>
/// </list>
/// </para>
/// Cost follows the number of cells near the edge (at most all of them), never the boundary's shape.
/// </summary>
internal sealed class EdgeRefiner
{
    /// <summary>Sum-of-squares contrast between the two sides' mean colours below which a cell has no edge (8-bit RGB).</summary>
    public const float MinContrast = 30f * 30f;

    /// <summary>Half-width of the undecided middle on the line between the two means (0.5 = the midpoint).</summary>
    public const float Margin = 0.35f;

    /// <summary>How many times the two sides' own colour spread their contrast must exceed: texture on both sides is no edge.</summary>
    public const float Separation = 10f;

    /// <summary>A colour belongs to a side only within this many times the side's variance (plus a quarter of <see cref="MinContrast"/>) of its mean.</summary>
    public const float Typical = 4f;

    private const int Grid = SamContract.LowResSize;

    /// <summary>Band of doubt in logit cells, halved: 1 = half a cell each side of the plain edge; 0 = off.</summary>
    public float Strength { get; init; } = 1f;

    /// <summary>Half-width of the band of doubt, in logit cells.</summary>
    internal float Band => 0.5f * Strength;

    /// <summary>How many cells from a sign change the band can reach (<see cref="EdgeBand.ActiveCells"/>).</summary>
    internal int Reach => (int)MathF.Ceiling(Band) + 1;

    /// <summary>
    /// Refines <paramref name="mask"/> (0/255, the plain upsampling of <paramref name="logits"/>) in
    /// place, reading colours from <paramref name="image"/>.
    /// </summary>
    /// <param name="logits">The 256 x 256 logits the mask was upsampled from.</param>
    public void Refine(BgraImage image, ReadOnlySpan<float> logits, Span<byte> mask, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(image);
        int w = image.Width, h = image.Height;
        float cellW = w / (float)Grid, cellH = h / (float)Grid;
        if (Strength <= 0 || Math.Max(cellW, cellH) < 2 || logits.Length < Grid * Grid || mask.Length < (long)w * h)
        {
            return; // at or below the model's resolution there is nothing finer to snap to
        }

        float band = Band;
        int reach = Reach;
        float[] cells = ArrayPool<float>.Shared.Rent(Grid * Grid * 2);
        float[] stats = ArrayPool<float>.Shared.Rent(Grid * Grid * EdgeDecisions.StatLanes);
        try
        {
            // Lanes of `cells`: the logit, and 1 where a sign change lies within reach.
            Span<float> logit = cells.AsSpan(0, Grid * Grid), active = cells.AsSpan(Grid * Grid, Grid * Grid);
            logits[..(Grid * Grid)].CopyTo(logit);
            EdgeBand.ActiveCells(logit, active, reach);
            if (!active.ContainsAnyExcept(0f))
            {
                return;
            }

            var geometry = new EdgeBand(w, h, cellW, cellH, band);
            Array.Clear(stats, 0, Grid * Grid * EdgeDecisions.StatLanes);
            unsafe
            {
                fixed (byte* maskPointer = mask)
                {
                    nint pinned = (nint)maskPointer;
                    int length = w * h;
                    float[] c = cells;
                    Parallel.For(0, Grid, new ParallelOptions { CancellationToken = cancellationToken }, cy =>
                        EdgeDecisions.GatherRow(image, new ReadOnlySpan<byte>((byte*)pinned, length), c, stats, geometry, cy));

                    var candidates = new List<int>[Grid];
                    Parallel.For(0, Grid, new ParallelOptions { CancellationToken = cancellationToken }, cy =>
                        candidates[cy] = EdgeDecisions.DecideRow(image, new ReadOnlySpan<byte>((byte*)pinned, length), c, stats, geometry, cy));

                    EdgeDecisions.KeepCoherent(candidates, w, h, cancellationToken);
                    SimplePointFlips.Apply(pinned, w, h, candidates, geometry, cancellationToken);
                }
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(cells);
            ArrayPool<float>.Shared.Return(stats);
        }
    }
}
