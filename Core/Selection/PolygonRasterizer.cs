namespace HqSam.Core.Selection;

/// <summary>
/// Fills polygons with the even-odd rule, sampling pixel centres: pixel (x, y) is selected when a ray
/// from (x + 0.5, y + 0.5) crosses the polygons' edges an odd number of times. This is how a
/// selection is read back into a mask (and how the tracer's round trip is checked).
/// </summary>
internal static class PolygonRasterizer
{
    public static byte[] Fill(IReadOnlyList<Polygon> polygons, int width, int height, byte on = 255)
    {
        ArgumentNullException.ThrowIfNull(polygons);
        var mask = new byte[checked(width * height)];

        // Non-horizontal edges, bucketed by the first row whose centre they span.
        var edges = new List<(double YMin, double YMax, double X0, double Slope)>();
        foreach (Polygon p in polygons)
        {
            int n = p.PointCount;
            for (int i = 0; i < n; i++)
            {
                (int ax, int ay) = p[i];
                (int bx, int by) = p[(i + 1) % n];
                if (ay == by)
                {
                    continue;
                }

                (double x0, double y0, double x1, double y1) = ay < by ? (ax, ay, bx, by) : ((double)bx, (double)by, (double)ax, (double)ay);
                edges.Add((y0, y1, x0, (x1 - x0) / (y1 - y0)));
            }
        }

        var crossings = new List<double>();
        edges.Sort((a, b) => a.YMin.CompareTo(b.YMin));
        var active = new List<(double YMin, double YMax, double X0, double Slope)>();
        int next = 0;
        for (int y = 0; y < height; y++)
        {
            double cy = y + 0.5;
            while (next < edges.Count && edges[next].YMin <= cy)
            {
                active.Add(edges[next++]);
            }

            active.RemoveAll(e => e.YMax <= cy);
            crossings.Clear();
            foreach (var e in active)
            {
                if (e.YMin <= cy && cy < e.YMax)
                {
                    crossings.Add(e.X0 + ((cy - e.YMin) * e.Slope));
                }
            }

            crossings.Sort();
            Span<byte> row = mask.AsSpan(y * width, width);
            for (int k = 0; k + 1 < crossings.Count; k += 2)
            {
                // Pixels whose centre x + 0.5 lies in [left, right).
                int from = Math.Max(0, (int)Math.Ceiling(crossings[k] - 0.5));
                int to = Math.Min(width, (int)Math.Ceiling(crossings[k + 1] - 0.5));
                if (to > from)
                {
                    row[from..to].Fill(on);
                }
            }
        }

        return mask;
    }
}
