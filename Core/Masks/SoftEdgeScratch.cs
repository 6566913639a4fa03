using System.Collections.Concurrent;
using System.Numerics;

namespace HqSam.Core.Masks;

/// <summary>
/// One worker's planes, reused for every tile it filters, and kept between calls (a click or a
/// slider step allocates none); padded to whole vectors.
/// </summary>
internal sealed class SoftEdgeScratch(int side)
{
    private static readonly ConcurrentBag<SoftEdgeScratch> Idle = [];

    /// <summary>The widest tile region its planes hold.</summary>
    public int Side { get; } = side;

    /// <summary>An idle worker's planes if they are large enough (smaller ones are dropped), or new ones.</summary>
    public static SoftEdgeScratch Rent(int side)
    {
        while (Idle.TryTake(out SoftEdgeScratch? idle))
        {
            if (idle.Side >= side)
            {
                return idle;
            }
        }

        return new SoftEdgeScratch(side);
    }

    public static void Return(SoftEdgeScratch scratch) => Idle.Add(scratch);

    public float[][] Planes { get; } = [.. Enumerable.Range(0, 13).Select(_ => new float[Padded(side)])];

    public int[] Counts { get; } = new int[side * side];

    public int[] RowCounts { get; } = new int[side * side];

    public int[] ColumnCounts { get; } = new int[side];

    public float[] Row { get; } = new float[side];

    public float[] Rows { get; } = new float[4 * side];

    // A field, not a property: box means swap it with the plane they filtered.
    public float[] Spare = new float[Padded(side)];

    private static int Padded(int side) => (((side * side) / Vector<float>.Count) + 1) * Vector<float>.Count;
}
