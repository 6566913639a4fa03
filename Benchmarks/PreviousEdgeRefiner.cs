using System.Buffers;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using HqSam.Core.Contract;
using HqSam.Core.Imaging;
using HqSam.Core.Masks;

namespace HqSam.Benchmarks;

/// <summary>
/// The edge refinement HqSam shipped until it was measured on real photographs (kept here only as a
/// row of the quality table): it made masks worse than plain upsampling there.
/// Snaps mask edges to the image's own edges at full resolution. The model sees 1024², its logits are
/// 256²: on a 24 MP photo one logit covers ~20 x 20 source pixels, so a plain bilinear edge is soft,
/// stair-stepped or offset by a fraction of a cell. Around the boundary only, a joint (cross) filter
/// over the source pixels decides each doubtful pixel: the band of doubt is every pixel within about
/// half a logit cell of the upsampled edge; outside it the mask is trusted, and inside it each pixel
/// joins the side whose nearby trusted pixels it resembles in colour (local means within one cell, so
/// objects further away do not vote).
/// <para>
/// Only 64-pixel tiles that hold a boundary are visited, in parallel, so the cost follows the
/// boundary's length, not the image's area. Tiles without a boundary keep exactly what the plain
/// upsampling wrote.
/// </para>
/// </summary>
public sealed class PreviousEdgeRefiner
{
    private const int Tile = 128;

    /// <summary>Reach of the refinement in logit cells: the colour window; the band of doubt is half of it (0 turns refinement off).</summary>
    public float Strength { get; init; } = 1f;

    /// <summary>
    /// Refines <paramref name="mask"/> (0/255, the plain upsampling of the chosen logits) in place,
    /// reading colours from <paramref name="image"/>.
    /// </summary>
    public void Refine(BgraImage image, Span<byte> mask, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(image);
        int w = image.Width, h = image.Height;
        int radius = (int)Math.Round(Strength * Math.Max(w, h) / (double)SamContract.LowResSize);
        if (radius < 1)
        {
            return; // at or below the model's resolution there is nothing finer to snap to
        }

        int tilesX = (w + Tile - 1) / Tile, tilesY = (h + Tile - 1) / Tile;

        // The band of doubt is ±band around the upsampled edge; colours are compared within ±radius,
        // which reaches trusted pixels on both sides.
        int band = Math.Max(1, radius / 2);

        // Only tiles with a doubtful pixel: the tile widened by the band holds both values.
        var doubtful = new bool[tilesX * tilesY];
        unsafe
        {
            fixed (byte* pinned = mask)
            {
                nint scan = (nint)pinned;
                int length = w * h;
                Parallel.For(0, tilesY, ty =>
                {
                    var m = new ReadOnlySpan<byte>((byte*)scan, length);
                    for (int tx = 0; tx < tilesX; tx++)
                    {
                        doubtful[(ty * tilesX) + tx] = HasBoundary(m, w, h, tx * Tile, ty * Tile, band);
                    }
                });
            }
        }

        var boundary = new List<int>();
        for (int t = 0; t < doubtful.Length; t++)
        {
            if (doubtful[t])
            {
                boundary.Add(t);
            }
        }

        // Tiles read the plain mask and write their own buffers, pasted once all are done, so a tile
        // never sees a neighbour's refinement.
        var refined = new byte[boundary.Count][];
        unsafe
        {
            fixed (byte* pinned = mask)
            {
                // The mask is only read until every tile is done.
                nint plain = (nint)pinned;
                int length = w * h;
                Parallel.For(0, boundary.Count, new ParallelOptions { CancellationToken = cancellationToken }, k =>
                    refined[k] = RefineTile(image, new ReadOnlySpan<byte>((byte*)plain, length), (boundary[k] % tilesX) * Tile, (boundary[k] / tilesX) * Tile, radius, band));
            }
        }

        for (int k = 0; k < boundary.Count; k++)
        {
            int x0 = (boundary[k] % tilesX) * Tile, y0 = (boundary[k] / tilesX) * Tile;
            int tw = Math.Min(Tile, w - x0), th = Math.Min(Tile, h - y0);
            for (int y = 0; y < th; y++)
            {
                refined[k].AsSpan(y * tw, tw).CopyTo(mask.Slice(((y0 + y) * w) + x0, tw));
            }
        }
    }

    /// <summary>Whether the tile, widened by <paramref name="margin"/>, holds both values.</summary>
    private static bool HasBoundary(ReadOnlySpan<byte> mask, int w, int h, int x0, int y0, int margin)
    {
        int xs = Math.Max(0, x0 - margin), xe = Math.Min(w, x0 + Tile + margin), ys = Math.Max(0, y0 - margin), ye = Math.Min(h, y0 + Tile + margin);
        byte first = mask[(ys * w) + xs];
        for (int y = ys; y < ye; y++)
        {
            if (mask.Slice((y * w) + xs, xe - xs).ContainsAnyExcept(first))
            {
                return true;
            }
        }

        return false;
    }

    /// <returns>The tile's refined pixels, row by row.</returns>
    private static byte[] RefineTile(BgraImage image, ReadOnlySpan<byte> plain, int x0, int y0, int r, int band)
    {
        int w = image.Width, h = image.Height;
        int tx1 = Math.Min(w, x0 + Tile), ty1 = Math.Min(h, y0 + Tile);
        int tw = tx1 - x0;
        var result = new byte[tw * (ty1 - y0)];
        for (int y = y0; y < ty1; y++)
        {
            plain.Slice((y * w) + x0, tw).CopyTo(result.AsSpan((y - y0) * tw, tw));
        }


        // The region: the tile, the colour windows' reach (r), and the band test's (band) for the pixels there.
        int apron = r + band;
        int ax = Math.Max(0, x0 - apron), ay = Math.Max(0, y0 - apron);
        int bx = Math.Min(w, tx1 + apron), by = Math.Min(h, ty1 + apron);
        int rw = bx - ax, rh = by - ay, n = rw * rh;
        byte[] grown = ArrayPool<byte>.Shared.Rent(n);
        byte[] shrunk = ArrayPool<byte>.Shared.Rent(n);
        int stride = rw + 1;
        int plane = stride * (rh + 1);
        float[] sums = ArrayPool<float>.Shared.Rent(plane * 8);
        try
        {
            for (int y = 0; y < rh; y++)
            {
                plain.Slice(((ay + y) * w) + ax, rw).CopyTo(grown.AsSpan(y * rw, rw));
            }

            grown.AsSpan(0, n).CopyTo(shrunk);
            MaskMorphology.Apply(grown.AsSpan(0, n), rw, rh, band);
            MaskMorphology.Apply(shrunk.AsSpan(0, n), rw, rh, -band);

            // Integral images of count, R, G, B over trusted inside (lanes 0-3) and trusted outside
            // (lanes 4-7) pixels, the eight sums of a position side by side so one vector moves them.
            Array.Clear(sums, 0, plane * 8);
            ref float sumsRef = ref MemoryMarshal.GetArrayDataReference(sums);
            for (int y = 0; y < rh; y++)
            {
                Vector256<float> row = Vector256<float>.Zero;
                ReadOnlySpan<byte> px = image.GetRow(ay + y).Slice(ax * 4, rw * 4);
                for (int x = 0; x < rw; x++)
                {
                    int i = (y * rw) + x;
                    if (shrunk[i] != 0)
                    {
                        row += Vector256.Create(1f, px[(x * 4) + 2], px[(x * 4) + 1], px[x * 4], 0, 0, 0, 0);
                    }
                    else if (grown[i] == 0)
                    {
                        row += Vector256.Create(0, 0, 0, 0, 1f, px[(x * 4) + 2], px[(x * 4) + 1], px[x * 4]);
                    }

                    int at = ((y + 1) * stride) + x + 1, above = (y * stride) + x + 1;
                    (Vector256.LoadUnsafe(ref sumsRef, (nuint)(above * 8)) + row).StoreUnsafe(ref sumsRef, (nuint)(at * 8));
                }
            }

            for (int y = y0; y < ty1; y++)
            {
                ReadOnlySpan<byte> px = image.GetRow(y);
                for (int x = x0; x < tx1; x++)
                {
                    int i = ((y - ay) * rw) + (x - ax);
                    if (shrunk[i] != 0 || grown[i] == 0)
                    {
                        continue; // trusted: keep the plain value
                    }

                    // The colour window reaches r = 2 x band: past the band to trusted pixels on both sides.
                    int wy0 = Math.Max(0, y - ay - r), wy1 = Math.Min(rh, y - ay + r + 1);
                    int wx0 = Math.Max(0, x - ax - r), wx1 = Math.Min(rw, x - ax + r + 1);
                    Vector256<float> mean = Vector256.LoadUnsafe(ref sumsRef, (nuint)(((wy1 * stride) + wx1) * 8))
                        - Vector256.LoadUnsafe(ref sumsRef, (nuint)(((wy0 * stride) + wx1) * 8))
                        - Vector256.LoadUnsafe(ref sumsRef, (nuint)(((wy1 * stride) + wx0) * 8))
                        + Vector256.LoadUnsafe(ref sumsRef, (nuint)(((wy0 * stride) + wx0) * 8));

                    if (mean[0] < 1 || mean[4] < 1)
                    {
                        continue; // only one side nearby: nothing to compare with
                    }

                    double r0 = px[(x * 4) + 2], g0 = px[(x * 4) + 1], b0 = px[x * 4];
                    double din = Square((mean[1] / mean[0]) - r0) + Square((mean[2] / mean[0]) - g0) + Square((mean[3] / mean[0]) - b0);
                    double dout = Square((mean[5] / mean[4]) - r0) + Square((mean[6] / mean[4]) - g0) + Square((mean[7] / mean[4]) - b0);
                    result[((y - y0) * tw) + (x - x0)] = din < dout ? (byte)255 : (byte)0;
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(grown);
            ArrayPool<byte>.Shared.Return(shrunk);
            ArrayPool<float>.Shared.Return(sums);
        }

        return result;
    }

    private static double Square(double v) => v * v;
}
