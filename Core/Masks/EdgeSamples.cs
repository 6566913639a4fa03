using System.Numerics;
using HqSam.Core.Contract;

namespace HqSam.Core.Masks;

/// <summary>
/// Where <see cref="EdgeDecisions.GatherRow"/> samples a pixel row for the colour statistics: in each
/// cell, every <see cref="EdgeBand.Step"/>-th column from half a step in, laid out slot by slot (slot
/// <c>s</c> holds the <c>s</c>-th sample of each of the 256 cells), so that the band test runs on whole
/// rows of cells at once (<see cref="Trusted"/>). A sample's bilinear patch is its own cell's or the
/// one to its left wherever a cell is at least a pixel wide, so each lane picks its logits from two
/// plain vector loads instead of a gather. Built once a refinement, for its size.
/// </summary>
internal sealed class EdgeSamples
{
    private const int Grid = SamContract.LowResSize;

    private readonly float[] _weight;
    private readonly int[] _previous;

    public EdgeSamples(EdgeBand g)
    {
        ArgumentNullException.ThrowIfNull(g);
        int step = g.Step;
        Count = new int[Grid];
        for (int cx = 0; cx < Grid; cx++)
        {
            int first = g.X0(cx) + (step / 2), end = g.X1(cx);
            Count[cx] = end > first ? ((end - 1 - first) / step) + 1 : 0;
        }

        Slots = Count.Max();
        X = new int[Slots * Grid];
        _weight = new float[Slots * Grid];
        _previous = new int[Slots * Grid];
        bool twoPatches = true;
        for (int s = 0; s < Slots; s++)
        {
            for (int cx = 0; cx < Grid; cx++)
            {
                if (s >= Count[cx])
                {
                    continue; // no sample here: the lane is tested like any other, and never read
                }

                int k = (s * Grid) + cx, x = g.X0(cx) + (step / 2) + (s * step);
                X[k] = x;
                _weight[k] = g.Weight[x];
                _previous[k] = g.Left[x] == cx - 1 ? -1 : 0;
                twoPatches &= g.Left[x] == cx || g.Left[x] == cx - 1;
            }
        }

        Vectorised = twoPatches && Vector.IsHardwareAccelerated && Grid % Vector<float>.Count == 0;
        Band = g.Band;
    }

    /// <summary>Samples per row in each cell.</summary>
    public int[] Count { get; }

    /// <summary>The most samples per row in any cell.</summary>
    public int Slots { get; }

    /// <summary>Pixel column of the sample in slot <c>s</c> of cell <c>cx</c>, at <c>s * 256 + cx</c>.</summary>
    public int[] X { get; }

    /// <summary>
    /// Whether <see cref="Trusted"/> applies: every sample's patch is its cell's or the left one (cells
    /// narrower than a pixel break that) and vectors are accelerated. Otherwise the caller tests each
    /// sample with <see cref="EdgeBand.InBand"/>.
    /// </summary>
    public bool Vectorised { get; }

    private float Band { get; }

    /// <summary>
    /// Per slot and cell (<c>s * 256 + cx</c>), -1 where the sample lies outside the band (a trusted
    /// colour), else 0; lanes past a cell's <see cref="Count"/> hold no sample and mean nothing: <see cref="EdgeBand.InBand"/>'s very arithmetic (the same products and sums in
    /// the same order, no fused multiply-add), a vector of cells at a time.
    /// </summary>
    /// <param name="paddedLogit">The row's <see cref="EdgeBand.BandRow(ReadOnlySpan{float}, int, Span{float}, Span{float})"/> logits at 1..256, with a spare element either side.</param>
    /// <param name="paddedSlope">Their slopes, laid out the same way.</param>
    public void Trusted(ReadOnlySpan<float> paddedLogit, ReadOnlySpan<float> paddedSlope, Span<int> trusted)
    {
        if (paddedLogit.Length < Grid + 2 || paddedSlope.Length < Grid + 2 || trusted.Length < Slots * Grid)
        {
            throw new ArgumentException("a padded row of cells and a flag per sample are needed");
        }

        var b2 = new Vector<float>(Band * Band);
        int width = Vector<float>.Count;
        for (int s = 0; s < Slots; s++)
        {
            for (int cx = 0; cx < Grid; cx += width)
            {
                int k = (s * Grid) + cx;
                Vector<int> previous = new(_previous.AsSpan(k, width));

                // Patch i is cx - 1 (previous) or cx: logit[i] and logit[i + 1] are padded[cx .. cx + 2].
                var left = new Vector<float>(paddedLogit.Slice(cx, width));
                var here = new Vector<float>(paddedLogit.Slice(cx + 1, width));
                var right = new Vector<float>(paddedLogit.Slice(cx + 2, width));
                Vector<float> l0 = Vector.ConditionalSelect(previous, left, here), l1 = Vector.ConditionalSelect(previous, here, right);
                left = new Vector<float>(paddedSlope.Slice(cx, width));
                here = new Vector<float>(paddedSlope.Slice(cx + 1, width));
                right = new Vector<float>(paddedSlope.Slice(cx + 2, width));
                Vector<float> s0 = Vector.ConditionalSelect(previous, left, here), s1 = Vector.ConditionalSelect(previous, here, right);

                var fu = new Vector<float>(_weight.AsSpan(k, width));
                Vector<float> du = l1 - l0;
                Vector<float> value = l0 + (fu * du);
                Vector<float> dv = s0 + (fu * (s1 - s0));
                Vector<int> inBand = Vector.LessThan(value * value, b2 * ((du * du) + (dv * dv)));
                Vector.OnesComplement(inBand).CopyTo(trusted.Slice(k, width));
            }
        }
    }
}
