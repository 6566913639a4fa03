using System.Buffers;
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
        List<(int X, int Y)> tiles = SoftEdgeTiles.Find(mask, w, h, tile, width);

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
                    Parallel.For(0, tiles.Count, () => SoftEdgeScratch.Rent(side), (k, _, scratch) =>
                    {
                        outputs[k] = ArrayPool<byte>.Shared.Rent(tile * tile);
                        Filter(image, new ReadOnlySpan<byte>((byte*)data, n), outputs[k], tiles[k].X, tiles[k].Y, tile, width, r, reach, scratch);
                        return scratch;
                    }, SoftEdgeScratch.Return);
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
    /// One tile: the guided filter over the tile grown by <paramref name="reach"/> (clipped to the image,
    /// so every window a tile pixel needs lies inside it, clipped where the image clips it), written into
    /// the tile's band pixels of <paramref name="output"/> (a tile's rows, <paramref name="tile"/> bytes apart); the
    /// rest of the tile keeps the mask's values.
    /// </summary>
    private static void Filter(BgraImage image, ReadOnlySpan<byte> mask, byte[] output, int tx, int ty, int tile, int width, int r, int reach, SoftEdgeScratch s)
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
            WindowMeans.Box(q, k, Math.Min(4, 13 - k), lw, lh, r, s);
        }

        (i0, i1, i2, p) = (q[0], q[1], q[2], q[3]);

        // Per pixel: the linear model's coefficients (a over the colour channels, b), over the same planes,
        // a vector of pixels at a time. Planes are padded to whole vectors (see SoftEdgeScratch), so the last
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

        WindowMeans.Box(q, 4, 4, lw, lh, r, s);

        // The band: pixels whose window of radius `width` holds both selected and unselected pixels,
        // counted exactly (running float means drift, and a window of one value must read as one).
        int x0 = tx - lx0, y0 = ty - ly0, x1 = Math.Min(lw, x0 + tile), y1 = Math.Min(lh, y0 + tile);
        WindowMeans.CountSelected(mask, w, lx0, ly0, lw, lh, width, s.Counts, s.RowCounts, s.ColumnCounts);
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

    private static Vector<float> V(float[] plane, int i) => new(plane, i);
}
