namespace HqSam.Core.Selection;

/// <summary>
/// Traces a mask into closed polygons along pixel edges: every boundary between a selected and an
/// unselected pixel (the image border counts as unselected) becomes part of exactly one polygon, so
/// filling the polygons with the even-odd rule gives back exactly the mask: outer boundaries, holes,
/// any number of components, 1-px lines, pixels touching only at a corner.
/// <para>
/// Edges are oriented so that selected pixels lie on the right when walking in screen coordinates
/// (outer boundaries run clockwise on screen, holes counter-clockwise). Where two regions touch only
/// at a corner the walk turns right, keeping 4-connected pieces apart. Only corners are emitted.
/// Linear in the number of pixels plus boundary length.
/// </para>
/// </summary>
public static class MaskTracer
{
    // Direction bits of the edges leaving a lattice vertex.
    private const byte Right = 1, Down = 2, Left = 4, Up = 8;

    /// <param name="threshold">Mask bytes at or above this count as selected.</param>
    public static List<Polygon> Trace(ReadOnlySpan<byte> mask, int width, int height, byte threshold = 128)
    {
        if (mask.Length < (long)width * height)
        {
            throw new ArgumentException($"mask needs {(long)width * height} bytes", nameof(mask));
        }

        int stride = width + 1;
        var outgoing = new byte[checked(stride * (height + 1))];
        for (int y = 0; y < height; y++)
        {
            ReadOnlySpan<byte> row = mask.Slice(y * width, width);
            ReadOnlySpan<byte> above = y > 0 ? mask.Slice((y - 1) * width, width) : default;
            ReadOnlySpan<byte> below = y + 1 < height ? mask.Slice((y + 1) * width, width) : default;
            for (int x = 0; x < width; x++)
            {
                if (row[x] < threshold)
                {
                    continue;
                }

                int v = (y * stride) + x; // top-left corner of pixel (x, y)
                if (y == 0 || above[x] < threshold)
                {
                    outgoing[v] |= Right; // top edge, left to right
                }

                if (x + 1 == width || row[x + 1] < threshold)
                {
                    outgoing[v + 1] |= Down; // right edge, top to bottom
                }

                if (y + 1 == height || below[x] < threshold)
                {
                    outgoing[v + stride + 1] |= Left; // bottom edge, right to left
                }

                if (x == 0 || row[x - 1] < threshold)
                {
                    outgoing[v + stride] |= Up; // left edge, bottom to top
                }
            }
        }

        var polygons = new List<Polygon>();
        var points = new List<int>();
        for (int start = 0; start < outgoing.Length; start++)
        {
            while (outgoing[start] != 0)
            {
                polygons.Add(Walk(outgoing, stride, start, points));
            }
        }

        return polygons;
    }

    /// <summary>
    /// Follows edges from <paramref name="start"/>, removing each, until the vertex it reaches has none
    /// left: with as many edges in as out at every vertex, that can only be the start again. A walk may
    /// pass a corner-touch twice; the polygon then touches itself there, which even-odd filling of
    /// pixel centres does not see.
    /// </summary>
    private static Polygon Walk(byte[] outgoing, int stride, int start, List<int> points)
    {
        points.Clear();
        int v = start;
        byte first = Lowest(outgoing[v]);
        byte direction = first;
        byte previous = 0;
        while (direction != 0)
        {
            if (direction != previous)
            {
                points.Add(v % stride);
                points.Add(v / stride);
            }

            outgoing[v] &= (byte)~direction;
            v += direction switch
            {
                Right => 1,
                Down => stride,
                Left => -1,
                _ => -stride,
            };
            previous = direction;
            direction = Next(outgoing[v], direction);
        }

        // The first point was recorded unconditionally: it is a corner only if the walk arrived at it
        // going another way than it left.
        if (previous == first && points.Count > 2)
        {
            points.RemoveRange(0, 2);
        }

        return new Polygon([.. points]);
    }

    /// <summary>The edge to take at a vertex: the only one, or at a corner-touch the right turn.</summary>
    private static byte Next(byte available, byte incoming)
    {
        if (available == 0)
        {
            return 0;
        }

        byte right = incoming switch { Right => Down, Down => Left, Left => Up, _ => Right };
        if ((available & right) != 0)
        {
            return right;
        }

        if ((available & incoming) != 0)
        {
            return incoming;
        }

        byte left = incoming switch { Right => Up, Down => Right, Left => Down, _ => Left };
        return (available & left) != 0 ? left : Lowest(available);
    }

    private static byte Lowest(byte bits) => (byte)(bits & -bits);
}
