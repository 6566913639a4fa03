using System.Numerics;

namespace HqSam.Core.Masks;

/// <summary>
/// Running-sum window means and counts over one tile's region of planes (row-major, <c>lw</c> values a
/// row), every window clipped to the region: the box filters of <see cref="SoftEdge"/>'s guided filter.
/// </summary>
internal static class WindowMeans
{
    /// <summary>
    /// In place, on up to four planes (the first repeated where there are fewer): each value becomes the
    /// mean over the (2r+1)² window clipped to the plane. Along rows, the planes' running sums are
    /// interleaved (four independent additions per pixel instead of one chain); down the columns a
    /// whole row at a time (vectors across the row) into the spare plane, which then swaps places with
    /// the plane (no copy back).
    /// </summary>
    public static void Box(float[][] planes, int first, int planeCount, int lw, int lh, int r, SoftEdgeScratch s)
    {
        float[] a = planes[first], b = planes[first + Math.Min(1, planeCount - 1)], c = planes[first + Math.Min(2, planeCount - 1)], d = planes[first + Math.Min(3, planeCount - 1)];
        float[] rows = s.Rows;
        float full = 1f / ((2 * r) + 1);
        for (int y = 0; y < lh; y++)
        {
            int o = y * lw;
            float sa = 0, sb = 0, sc = 0, sd = 0;
            for (int k = 0; k <= Math.Min(r, lw - 1); k++)
            {
                (sa, sb, sc, sd) = (sa + a[o + k], sb + b[o + k], sc + c[o + k], sd + d[o + k]);
            }

            int x = 0;
            for (; x < Math.Min(r, lw); x++)
            {
                float scale = 1f / (Math.Min(lw - 1, x + r) + 1);
                (rows[x], rows[lw + x], rows[(2 * lw) + x], rows[(3 * lw) + x]) = (sa * scale, sb * scale, sc * scale, sd * scale);
                if (x + r + 1 < lw)
                {
                    int i = o + x + r + 1;
                    (sa, sb, sc, sd) = (sa + a[i], sb + b[i], sc + c[i], sd + d[i]);
                }
            }

            // Away from the ends every window is full: one multiply, no bounds to clip.
            for (; x < lw - r - 1; x++)
            {
                (rows[x], rows[lw + x], rows[(2 * lw) + x], rows[(3 * lw) + x]) = (sa * full, sb * full, sc * full, sd * full);
                int i = o + x + r + 1, j = o + x - r;
                sa += a[i] - a[j];
                sb += b[i] - b[j];
                sc += c[i] - c[j];
                sd += d[i] - d[j];
            }

            for (; x < lw; x++)
            {
                float scale = 1f / (lw - Math.Max(0, x - r));
                (rows[x], rows[lw + x], rows[(2 * lw) + x], rows[(3 * lw) + x]) = (sa * scale, sb * scale, sc * scale, sd * scale);
                if (x - r >= 0)
                {
                    int j = o + x - r;
                    (sa, sb, sc, sd) = (sa - a[j], sb - b[j], sc - c[j], sd - d[j]);
                }
            }

            rows.AsSpan(0, lw).CopyTo(a.AsSpan(o, lw));
            rows.AsSpan(lw, lw).CopyTo(b.AsSpan(o, lw));
            rows.AsSpan(2 * lw, lw).CopyTo(c.AsSpan(o, lw));
            rows.AsSpan(3 * lw, lw).CopyTo(d.AsSpan(o, lw));
        }

        for (int k = first; k < first + planeCount; k++)
        {
            ColumnMeans(planes[k], lw, lh, r, s.Row, s.Spare);
            (planes[k], s.Spare) = (s.Spare, planes[k]);
        }
    }

    /// <summary>Down the columns: a running row of sums, whole rows added and taken out, vectors across the row; into <paramref name="output"/>.</summary>
    private static void ColumnMeans(float[] plane, int lw, int lh, int r, float[] acc, float[] output)
    {
        Span<float> sums = acc.AsSpan(0, lw);
        sums.Clear();
        for (int y = 0; y <= Math.Min(r, lh - 1); y++)
        {
            Add(sums, plane.AsSpan(y * lw, lw), 1);
        }

        for (int y = 0; y < lh; y++)
        {
            Scale(sums, output.AsSpan(y * lw, lw), 1f / (Math.Min(lh - 1, y + r) - Math.Max(0, y - r) + 1));
            if (y + r + 1 < lh)
            {
                Add(sums, plane.AsSpan((y + r + 1) * lw, lw), 1);
            }

            if (y - r >= 0)
            {
                Add(sums, plane.AsSpan((y - r) * lw, lw), -1);
            }
        }
    }

    /// <summary>For each pixel of the region, how many selected pixels its window of radius <paramref name="radius"/> (clipped to the region) holds.</summary>
    public static void CountSelected(ReadOnlySpan<byte> mask, int w, int lx0, int ly0, int lw, int lh, int radius, int[] counts, int[] rows, int[] acc)
    {
        for (int y = 0; y < lh; y++)
        {
            ReadOnlySpan<byte> line = mask.Slice(((ly0 + y) * w) + lx0, lw);
            int sum = 0;
            for (int x = 0; x <= Math.Min(radius, lw - 1); x++)
            {
                sum += line[x] >> 7;
            }

            Span<int> output = rows.AsSpan(y * lw, lw);
            for (int x = 0; x < lw; x++)
            {
                output[x] = sum;
                sum += x + radius + 1 < lw ? line[x + radius + 1] >> 7 : 0;
                sum -= x - radius >= 0 ? line[x - radius] >> 7 : 0;
            }
        }

        Span<int> column = acc.AsSpan(0, lw);
        column.Clear();
        for (int y = 0; y <= Math.Min(radius, lh - 1); y++)
        {
            AddRow(column, rows.AsSpan(y * lw, lw), 1);
        }

        for (int y = 0; y < lh; y++)
        {
            column.CopyTo(counts.AsSpan(y * lw, lw));
            if (y + radius + 1 < lh)
            {
                AddRow(column, rows.AsSpan((y + radius + 1) * lw, lw), 1);
            }

            if (y - radius >= 0)
            {
                AddRow(column, rows.AsSpan((y - radius) * lw, lw), -1);
            }
        }
    }

    private static void AddRow(Span<int> acc, ReadOnlySpan<int> line, int sign)
    {
        for (int x = 0; x < acc.Length; x++)
        {
            acc[x] += sign * line[x];
        }
    }

    private static void Add(Span<float> acc, ReadOnlySpan<float> line, float sign)
    {
        int x = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var vs = new Vector<float>(sign);
            for (; x <= acc.Length - Vector<float>.Count; x += Vector<float>.Count)
            {
                (new Vector<float>(acc[x..]) + (new Vector<float>(line[x..]) * vs)).CopyTo(acc[x..]);
            }
        }

        for (; x < acc.Length; x++)
        {
            acc[x] += sign * line[x];
        }
    }

    private static void Scale(ReadOnlySpan<float> acc, Span<float> output, float scale)
    {
        int x = 0;
        if (Vector.IsHardwareAccelerated)
        {
            for (; x <= acc.Length - Vector<float>.Count; x += Vector<float>.Count)
            {
                (new Vector<float>(acc[x..]) * scale).CopyTo(output[x..]);
            }
        }

        for (; x < acc.Length; x++)
        {
            output[x] = acc[x] * scale;
        }
    }
}
