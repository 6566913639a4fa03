using HqSam.Core.Masks;

namespace HqSam.Tests.Masks;

/// <summary>
/// Which logit cells the edge refinement's band can touch (<see cref="EdgeBand.ActiveCells"/>), against
/// the rule written out cell by cell: a 4-neighbour on the other side of zero, then every cell within
/// <c>reach</c> of such a cell (a square window).
/// </summary>
[TestClass]
public sealed class EdgeBandTests
{
    private const int Grid = 256;

    [TestMethod]
    [DataRow(0.5, 1)]   // a sign change in almost every cell
    [DataRow(0.5, 2)]
    [DataRow(0.995, 2)] // a few scattered negative cells
    [DataRow(0.995, 4)]
    [DataRow(1.0, 3)]   // no sign change at all
    public void EqualsTheRuleWrittenOutCellByCell(double positive, int reach)
    {
        var random = new Random((int)(positive * 1000) + reach);
        var logit = new float[Grid * Grid];
        for (int i = 0; i < logit.Length; i++)
        {
            logit[i] = random.NextDouble() < positive ? (float)random.NextDouble() + 0.01f : -(float)random.NextDouble();
        }

        AssertSame(logit, reach);
    }

    [TestMethod]
    [DataRow(0)]
    [DataRow(17)]
    [DataRow(254)]
    public void AnEdgeAlongOneColumnReachesItsNeighboursAndTheBorderClips(int column)
    {
        var logit = new float[Grid * Grid];
        for (int i = 0; i < logit.Length; i++)
        {
            logit[i] = (i % Grid) <= column ? 1f : -1f;
        }

        float[] active = AssertSame(logit, 2);
        Assert.AreEqual(1f, active[(100 * Grid) + column]);
        // Three columns past the cell beyond the edge: out of reach, unless the border clipped it back to that cell.
        Assert.AreEqual(column + 4 > Grid - 1 ? 1f : 0f, active[(100 * Grid) + Math.Min(Grid - 1, column + 4)], "four columns past the edge");
    }

    private static float[] AssertSame(float[] logit, int reach)
    {
        var active = new float[Grid * Grid];
        Array.Fill(active, 7f); // every cell must be written
        EdgeBand.ActiveCells(logit, active, reach);
        float[] naive = Naive(logit, reach);
        int[] differing = [.. Enumerable.Range(0, active.Length).Where(i => active[i] != naive[i])];
        Assert.IsEmpty(differing, $"{differing.Length} cells differ, the first {(differing.Length > 0 ? $"({differing[0] % Grid}, {differing[0] / Grid})" : "")}");
        return active;
    }

    private static float[] Naive(float[] logit, int reach)
    {
        var mixed = new bool[Grid * Grid];
        for (int y = 0; y < Grid; y++)
        {
            for (int x = 0; x < Grid; x++)
            {
                bool sign = logit[(y * Grid) + x] > 0;
                foreach ((int dx, int dy) in new[] { (1, 0), (-1, 0), (0, 1), (0, -1) })
                {
                    int nx = x + dx, ny = y + dy;
                    if ((uint)nx < Grid && (uint)ny < Grid && (logit[(ny * Grid) + nx] > 0) != sign)
                    {
                        mixed[(y * Grid) + x] = true;
                    }
                }
            }
        }

        var active = new float[Grid * Grid];
        for (int y = 0; y < Grid; y++)
        {
            for (int x = 0; x < Grid; x++)
            {
                for (int ny = Math.Max(0, y - reach); ny <= Math.Min(Grid - 1, y + reach); ny++)
                {
                    for (int nx = Math.Max(0, x - reach); nx <= Math.Min(Grid - 1, x + reach); nx++)
                    {
                        if (mixed[(ny * Grid) + nx])
                        {
                            active[(y * Grid) + x] = 1f;
                        }
                    }
                }
            }
        }

        return active;
    }
}
