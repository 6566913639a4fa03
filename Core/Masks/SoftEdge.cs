using System.Buffers;
using System.Collections.Concurrent;
using System.Numerics;
using HqSam.Core.Imaging;

namespace HqSam.Core.Masks;

/// <summary>
/// A soft edge estimated from the image, for layer masks and cut-outs: He, Sun and Tang's guided filter
/// (colour guide) applied to the binary mask, kept only in the band within <c>width</c> pixels of the
/// mask's edge; everywhere else the mask stays as it was. Inside the band each pixel's alpha is a local
/// linear function of its colour, so hair and fringes the mask cut through get partial alpha and a hard
/// edge stays hard. Chosen by measurement against plain feathering of the same width on composites of
/// real photographs through a known soft alpha (docs/selection-quality.md, "Soft edges"), with the
/// settings tuned on scenes the decision was not judged on.
/// Work follows the edge, not the image: only the tiles (32 or 64 pixels) the band reaches are
/// filtered, each with its own running-sum box filters, in parallel.
/// </summary>
public static class SoftEdge
{
    /// <summary>The guided filter's regulariser (colours in 0..1): tuned on the tuning scenes (1e-3 to 3e-2 tried).</summary>
    public const float Epsilon = 1e-3f;

    // The planes multiplied for the window means: guide x mask, then the guide's covariance entries.
    private static readonly (int A, int B)[] Products = [(0, 3), (1, 3), (2, 3), (0, 0), (0, 1), (0, 2), (1, 1), (1, 2), (2, 2)];

    /// <summary>The guided filter's window radius for a soft edge of <paramref name="width"/> pixels: half of it (tuned: half and the whole tried).</summary>
    public static int RadiusFor(int width) => Math.Max(1, width / 2);

    /// <summary>
    /// Softens <paramref name="mask"/> (one byte per pixel of <paramref name="image"/>; read as selected
    /// from 128) within <paramref name="width"/> pixels of its edge; 0 leaves it as it is.
    /// </summary>
    public static void Apply(BgraImage image, Span<byte> mask, int width)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentOutOfRangeException.ThrowIfNegative(width);
        int w = image.Width, h = image.Height, n = checked(w * h);
        if (mask.Length != n)
        {
            throw new ArgumentException($"the mask has {mask.Length} pixels, the image {n}", nameof(mask));
        }

        if (width == 0)
        {
            return;
        }

        int r = RadiusFor(width);
        int reach = Math.Max(2 * r, width);

        // Each tile filters its region grown by `reach` on every side: for narrow bands smaller tiles
        // waste less (a tile's work is about (tile + 2 reach)² for a band of a tile's length).
        int tile = reach <= 8 ? 32 : 64;
        List<(int X, int Y)> tiles = TilesTheBandReaches(mask, w, h, tile, width);

        // Tiles read the mask as it came and write into buffers of their own, copied in once all are done.
        var outputs = new byte[tiles.Count][];
        try
        {
            unsafe
            {
                fixed (byte* pinned = mask)
                {
                    nint data = (nint)pinned;
                    int side = tile + (2 * reach);
                    Parallel.For(0, tiles.Count, () => Scratch.Rent(side), (k, _, scratch) =>
                    {
                        outputs[k] = ArrayPool<byte>.Shared.Rent(tile * tile);
                        Filter(image, new ReadOnlySpan<byte>((byte*)data, n), outputs[k], tiles[k].X, tiles[k].Y, tile, width, r, reach, scratch);
                        return scratch;
                    }, Scratch.Return);
                }
            }

            for (int k = 0; k < tiles.Count; k++)
            {
                (int tx, int ty) = tiles[k];
                int tw = Math.Min(tile, w - tx);
                for (int y = ty; y < Math.Min(h, ty + tile); y++)
                {
                    outputs[k].AsSpan((y - ty) * tile, tw).CopyTo(mask.Slice((y * w) + tx, tw));
                }
            }
        }
        finally
        {
            foreach (byte[]? output in outputs)
            {
                if (output is not null)
                {
                    ArrayPool<byte>.Shared.Return(output);
                }
            }
        }
    }

    /// <summary>
    /// The tiles the band reaches. Each pixel is looked at once to find the tiles of one value; only a
    /// tile next to one of another value (or of mixed values) can be reached, and only those are
    /// checked exactly (<see cref="Reaches"/>), so the interior and the exterior cost one pass.
    /// </summary>
    private static List<(int X, int Y)> TilesTheBandReaches(ReadOnlySpan<byte> mask, int w, int h, int tile, int width)
    {
        int columns = (w + tile - 1) / tile, rows = (h + tile - 1) / tile;
        short[] value = ArrayPool<short>.Shared.Rent(columns * rows); // the tile's one value, or -1 for mixed
        try
        {
            for (int row = 0; row < rows; row++)
            {
                for (int column = 0; column < columns; column++)
                {
                    int x0 = column * tile, tw = Math.Min(tile, w - x0), y0 = row * tile;
                    byte first = mask[(y0 * w) + x0];
                    short v = first;
                    for (int y = y0; y < Math.Min(h, y0 + tile) && v >= 0; y++)
                    {
                        v = mask.Slice((y * w) + x0, tw).IndexOfAnyExcept(first) >= 0 ? (short)-1 : v;
                    }

                    value[(row * columns) + column] = v;
                }
            }

            var tiles = new List<(int X, int Y)>();
            int k = (width + tile - 1) / tile; // how many tiles away the band can reach
            for (int row = 0; row < rows; row++)
            {
                for (int column = 0; column < columns; column++)
                {
                    if (Near(value, columns, rows, column, row, k) && Reaches(mask, w, h, column * tile, row * tile, tile, width))
                    {
                        tiles.Add((column * tile, row * tile));
                    }
                }
            }

            return tiles;
        }
        finally
        {
            ArrayPool<short>.Shared.Return(value);
        }
    }

    /// <summary>Whether the tile is mixed or a tile within <paramref name="k"/> of it holds another value.</summary>
    private static bool Near(short[] value, int columns, int rows, int column, int row, int k)
    {
        short own = value[(row * columns) + column];
        for (int r = Math.Max(0, row - k); r <= Math.Min(rows - 1, row + k); r++)
        {
            for (int c = Math.Max(0, column - k); c <= Math.Min(columns - 1, column + k); c++)
            {
                if (own < 0 || value[(r * columns) + c] != own)
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>Whether the band reaches the tile at (<paramref name="tx"/>, <paramref name="ty"/>): within <paramref name="width"/> of it the mask has both values.</summary>
    private static bool Reaches(ReadOnlySpan<byte> mask, int w, int h, int tx, int ty, int tile, int width)
    {
        int x0 = Math.Max(0, tx - width), x1 = Math.Min(w, tx + tile + width);
        int y0 = Math.Max(0, ty - width), y1 = Math.Min(h, ty + tile + width);
        byte first = mask[(y0 * w) + x0];
        for (int y = y0; y < y1; y++)
        {
            if (mask.Slice((y * w) + x0, x1 - x0).IndexOfAnyExcept(first) >= 0)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// One tile: the guided filter over the tile grown by <paramref name="reach"/> (clipped to the image,
    /// so every window a tile pixel needs lies inside it, clipped where the image clips it), written into
    /// the tile's band pixels of <paramref name="output"/> (a tile's rows, <paramref name="tile"/> bytes apart); the
    /// rest of the tile keeps the mask's values.
    /// </summary>
    private static void Filter(BgraImage image, ReadOnlySpan<byte> mask, byte[] output, int tx, int ty, int tile, int width, int r, int reach, Scratch s)
    {
        int w = image.Width, h = image.Height;
        int lx0 = Math.Max(0, tx - reach), lx1 = Math.Min(w, tx + tile + reach);
        int ly0 = Math.Max(0, ty - reach), ly1 = Math.Min(h, ty + tile + reach);
        int lw = lx1 - lx0, lh = ly1 - ly0, count = lw * lh;
        float[][] q = s.Planes;
        (float[] i0, float[] i1, float[] i2, float[] p) = (q[0], q[1], q[2], q[3]);
        for (int y = 0; y < lh; y++)
        {
            ReadOnlySpan<byte> row = image.GetRow(ly0 + y);
            int m = ((ly0 + y) * w) + lx0, o = y * lw;
            for (int x = 0; x < lw; x++)
            {
                int px = (lx0 + x) * 4;
                i0[o + x] = row[px + 2] * (1f / 255);
                i1[o + x] = row[px + 1] * (1f / 255);
                i2[o + x] = row[px] * (1f / 255);
                p[o + x] = mask[m + x] >= 128 ? 1f : 0f;
            }
        }

        // Window means of the guide, the mask, their products and the guide's covariance entries.
        for (int k = 0; k < Products.Length; k++)
        {
            float[] a = q[Products[k].A], b = q[Products[k].B], product = q[4 + k];
            for (int i = 0; i < count; i += Vector<float>.Count)
            {
                (V(a, i) * V(b, i)).CopyTo(product, i);
            }
        }

        for (int k = 0; k < 13; k += 4)
        {
            BoxMeans(q, k, Math.Min(4, 13 - k), lw, lh, r, s);
        }

        (i0, i1, i2, p) = (q[0], q[1], q[2], q[3]);

        // Per pixel: the linear model's coefficients (a over the colour channels, b), over the same planes,
        // a vector of pixels at a time. Planes are padded to whole vectors (see Scratch), so the last
        // vector may run past the region into padding, which nothing reads: no scalar tail.
        var eps = new Vector<float>(Epsilon);
        for (int i = 0; i < count; i += Vector<float>.Count)
        {
            Vector<float> m0 = V(i0, i), m1 = V(i1, i), m2 = V(i2, i), mp = V(p, i);
            Vector<float> v0 = V(q[4], i) - (m0 * mp), v1 = V(q[5], i) - (m1 * mp), v2 = V(q[6], i) - (m2 * mp);
            Vector<float> s00 = V(q[7], i) - (m0 * m0) + eps, s01 = V(q[8], i) - (m0 * m1), s02 = V(q[9], i) - (m0 * m2);
            Vector<float> s11 = V(q[10], i) - (m1 * m1) + eps, s12 = V(q[11], i) - (m1 * m2), s22 = V(q[12], i) - (m2 * m2) + eps;

            // The symmetric 3 x 3 inverse by cofactors (the regulariser keeps it well away from singular).
            Vector<float> c00 = (s11 * s22) - (s12 * s12), c01 = (s02 * s12) - (s01 * s22), c02 = (s01 * s12) - (s02 * s11);
            Vector<float> c11 = (s00 * s22) - (s02 * s02), c12 = (s01 * s02) - (s00 * s12), c22 = (s00 * s11) - (s01 * s01);
            Vector<float> inverse = Vector<float>.One / ((s00 * c00) + (s01 * c01) + (s02 * c02));
            Vector<float> a0 = ((c00 * v0) + (c01 * v1) + (c02 * v2)) * inverse;
            Vector<float> a1 = ((c01 * v0) + (c11 * v1) + (c12 * v2)) * inverse;
            Vector<float> a2 = ((c02 * v0) + (c12 * v1) + (c22 * v2)) * inverse;
            a0.CopyTo(q[4], i);
            a1.CopyTo(q[5], i);
            a2.CopyTo(q[6], i);
            (mp - (a0 * m0) - (a1 * m1) - (a2 * m2)).CopyTo(q[7], i);
        }

        BoxMeans(q, 4, 4, lw, lh, r, s);

        // The band: pixels whose window of radius `width` holds both selected and unselected pixels,
        // counted exactly (running float means drift, and a window of one value must read as one).
        int x0 = tx - lx0, y0 = ty - ly0, x1 = Math.Min(lw, x0 + tile), y1 = Math.Min(lh, y0 + tile);
        CountSelected(mask, w, lx0, ly0, lw, lh, width, s.Counts, s.RowCounts, s.ColumnCounts);
        for (int y = ly0 + y0; y < ly0 + y1; y++)
        {
            ReadOnlySpan<byte> row = image.GetRow(y);
            int wy = Math.Min(lh - 1, y - ly0 + width) - Math.Max(0, y - ly0 - width) + 1;
            for (int x = x0; x < x1; x++)
            {
                int i = ((y - ly0) * lw) + x;
                int selected = s.Counts[i], area = wy * (Math.Min(lw - 1, x + width) - Math.Max(0, x - width) + 1);
                int o = ((y - ty) * tile) + (lx0 + x - tx);
                if (selected == 0 || selected == area)
                {
                    output[o] = mask[(y * w) + lx0 + x];
                    continue;
                }

                int px = (lx0 + x) * 4;
                float alpha = (q[4][i] * row[px + 2] * (1f / 255)) + (q[5][i] * row[px + 1] * (1f / 255)) + (q[6][i] * row[px] * (1f / 255)) + q[7][i];
                output[o] = (byte)((Math.Clamp(alpha, 0f, 1f) * 255) + 0.5f);
            }
        }
    }

    /// <summary>
    /// In place, on up to four planes (the first repeated where there are fewer): each value becomes the
    /// mean over the (2r+1)² window clipped to the plane. Along rows, the planes' running sums are
    /// interleaved (four independent additions per pixel instead of one chain); down the columns a
    /// whole row at a time (vectors across the row) into the spare plane, which then swaps places with
    /// the plane (no copy back).
    /// </summary>
    private static void BoxMeans(float[][] planes, int first, int planeCount, int lw, int lh, int r, Scratch s)
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
    private static void CountSelected(ReadOnlySpan<byte> mask, int w, int lx0, int ly0, int lw, int lh, int radius, int[] counts, int[] rows, int[] acc)
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

    private static Vector<float> V(float[] plane, int i) => new(plane, i);

    /// <summary>
    /// One worker's planes, reused for every tile it filters, and kept between calls (a click or a
    /// slider step allocates none); padded to whole vectors.
    /// </summary>
    private sealed class Scratch(int side)
    {
        private static readonly ConcurrentBag<Scratch> Idle = [];

        /// <summary>The widest tile region its planes hold.</summary>
        public int Side { get; } = side;

        /// <summary>An idle worker's planes if they are large enough (smaller ones are dropped), or new ones.</summary>
        public static Scratch Rent(int side)
        {
            while (Idle.TryTake(out Scratch? idle))
            {
                if (idle.Side >= side)
                {
                    return idle;
                }
            }

            return new Scratch(side);
        }

        public static void Return(Scratch scratch) => Idle.Add(scratch);

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
}
