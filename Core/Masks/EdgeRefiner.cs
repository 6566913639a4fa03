using System.Buffers;
using System.Numerics;
using HqSam.Core.Imaging;
using HqSam.Core.Model;

namespace HqSam.Core.Masks;

/// <summary>
/// Moves the plain mask's edge onto the image's own edge, where the image shows one, at full
/// resolution. The logits are 256²: on a 24 MP photo one logit cell covers ~20 x 20 pixels, so a plain
/// bilinear edge can sit a pixel or more off the true one.
/// <para>
/// Statistics at cell resolution, decisions at pixel resolution (the idea of the fast guided filter):
/// <list type="number">
/// <item>The band of doubt: pixels whose distance to the plain edge, estimated from the interpolated
/// logit and its gradient over the same bilinear patch, is under half a cell (<see cref="Strength"/> scales it). Only
/// cells with a sign change nearby are visited, so flat areas cost nothing.</item>
/// <item>For each such cell, the mean colour and spread of the trusted inside and trusted outside
/// pixels within one cell around it (sampled on a sparse grid).</item>
/// <item>The cell is refined only if the two sides differ clearly (contrast of at least
/// <see cref="MinContrast"/> and <see cref="Separation"/> times their own spread): where the image shows no edge across the
/// band (flat colour, or texture on both sides), the plain edge stays exactly where it is.</item>
/// <item>A doubtful pixel changes side only when its colour and its 3 x 3 mean colour, projected on
/// the line between the two means, both lie clearly on the other side (beyond the middle ±
/// <see cref="Margin"/>), and both are typical of that side (within <see cref="Typical"/> times its
/// spread): a colour unlike either side is no evidence. A wanted change also needs two wanted
/// neighbours: an edge that really lies elsewhere moves a run of pixels, texture moves single ones.</item>
/// <item>Changes are applied as simple-point flips (digital topology, 8-connected objects and
/// 4-connected background): a flip that would create or join a component or a hole is not made. The
/// refined mask has exactly the components and holes of the plain one.</item>
/// </list>
/// </para>
/// Cost follows the number of cells near the edge (at most all of them), never the boundary's shape.
/// </summary>
public sealed class EdgeRefiner
{
    /// <summary>Sum-of-squares contrast between the two sides' mean colours below which a cell has no edge (8-bit RGB).</summary>
    public const float MinContrast = 30f * 30f;

    /// <summary>Half-width of the undecided middle on the line between the two means (0.5 = the midpoint).</summary>
    public const float Margin = 0.35f;

    /// <summary>How many times the two sides' own colour spread their contrast must exceed: texture on both sides is no edge.</summary>
    public const float Separation = 10f;

    /// <summary>A colour belongs to a side only within this many times the side's variance (plus a quarter of <see cref="MinContrast"/>) of its mean.</summary>
    public const float Typical = 4f;

    /// <summary>Wanted neighbours a wanted flip needs to be kept (see <see cref="KeepCoherent"/>).</summary>
    private const int MinNeighbours = 2;

    private const int Grid = SamContract.LowResSize;

    // Per cell: inside count, R, G, B, sum of squares; outside the same.
    private const int StatLanes = 10;

    // The 8-neighbourhood in ring order: N, NE, E, SE, S, SW, W, NW (before the table built from it).
    private static readonly (int X, int Y)[] Ring = [(0, -1), (1, -1), (1, 0), (1, 1), (0, 1), (-1, 1), (-1, 0), (-1, -1)];

    private static readonly bool[] SimpleLookup = BuildSimpleLookup();

    /// <summary>Whether a pixel whose 8 neighbours are <paramref name="code"/> (bit k = ring position k, N first, clockwise, is object) may flip without changing the topology.</summary>
    internal static bool IsSimpleNeighbourhood(int code) => SimpleLookup[code];

    /// <summary>Band of doubt in logit cells, halved: 1 = half a cell each side of the plain edge; 0 = off.</summary>
    public float Strength { get; init; } = 1f;

    /// <summary>
    /// Refines <paramref name="mask"/> (0/255, the plain upsampling of <paramref name="logits"/>) in
    /// place, reading colours from <paramref name="image"/>.
    /// </summary>
    /// <param name="logits">The 256 x 256 logits the mask was upsampled from.</param>
    public void Refine(BgraImage image, ReadOnlySpan<float> logits, Span<byte> mask, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(image);
        int w = image.Width, h = image.Height;
        float cellW = w / (float)Grid, cellH = h / (float)Grid;
        if (Strength <= 0 || Math.Max(cellW, cellH) < 2 || logits.Length < Grid * Grid || mask.Length < (long)w * h)
        {
            return; // at or below the model's resolution there is nothing finer to snap to
        }

        float band = 0.5f * Strength;
        int reach = (int)MathF.Ceiling(band) + 1;
        float[] cells = ArrayPool<float>.Shared.Rent(Grid * Grid * 2);
        float[] stats = ArrayPool<float>.Shared.Rent(Grid * Grid * StatLanes);
        try
        {
            // Lanes of `cells`: the logit, and 1 where a sign change lies within reach.
            Span<float> logit = cells.AsSpan(0, Grid * Grid), active = cells.AsSpan(Grid * Grid, Grid * Grid);
            logits[..(Grid * Grid)].CopyTo(logit);
            ActiveCells(logit, active, reach);
            if (!active.ContainsAnyExcept(0f))
            {
                return;
            }

            var geometry = new Geometry(w, h, cellW, cellH, band);
            Array.Clear(stats, 0, Grid * Grid * StatLanes);
            unsafe
            {
                fixed (byte* maskPointer = mask)
                {
                    nint pinned = (nint)maskPointer;
                    int length = w * h;
                    float[] c = cells;
                    Parallel.For(0, Grid, new ParallelOptions { CancellationToken = cancellationToken }, cy =>
                        GatherRow(image, new ReadOnlySpan<byte>((byte*)pinned, length), c, stats, geometry, cy));

                    var candidates = new List<int>[Grid];
                    Parallel.For(0, Grid, new ParallelOptions { CancellationToken = cancellationToken }, cy =>
                        candidates[cy] = DecideRow(image, new ReadOnlySpan<byte>((byte*)pinned, length), c, stats, geometry, cy));

                    KeepCoherent(candidates, w, h, cancellationToken);
                    FlipKeepingTopology(pinned, w, h, candidates, geometry, cancellationToken);
                }
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(cells);
            ArrayPool<float>.Shared.Return(stats);
        }
    }

    /// <summary>The cells with a sign change within <paramref name="reach"/> cells: the only ones the band can touch.</summary>
    private static void ActiveCells(ReadOnlySpan<float> logit, Span<float> active, int reach)
    {
        var mixed = new bool[Grid * Grid];
        for (int y = 0; y < Grid; y++)
        {
            for (int x = 0; x < Grid; x++)
            {
                float here = logit[(y * Grid) + x];
                float right = logit[(y * Grid) + Math.Min(Grid - 1, x + 1)], down = logit[(Math.Min(Grid - 1, y + 1) * Grid) + x];

                // A sign change between this cell and a 4-neighbour marks both.
                bool sign = here > 0;
                mixed[(y * Grid) + x] |= (x + 1 < Grid && (right > 0) != sign) || (y + 1 < Grid && (down > 0) != sign);
                if (x + 1 < Grid && (right > 0) != sign)
                {
                    mixed[(y * Grid) + x + 1] = true;
                }

                if (y + 1 < Grid && (down > 0) != sign)
                {
                    mixed[((y + 1) * Grid) + x] = true;
                }
            }
        }

        // Dilate by reach: a square window, rows then columns.
        var rows = new bool[Grid * Grid];
        for (int y = 0; y < Grid; y++)
        {
            for (int x = 0; x < Grid; x++)
            {
                bool any = false;
                for (int k = Math.Max(0, x - reach); k <= Math.Min(Grid - 1, x + reach) && !any; k++)
                {
                    any = mixed[(y * Grid) + k];
                }

                rows[(y * Grid) + x] = any;
            }
        }

        for (int y = 0; y < Grid; y++)
        {
            for (int x = 0; x < Grid; x++)
            {
                bool any = false;
                for (int k = Math.Max(0, y - reach); k <= Math.Min(Grid - 1, y + reach) && !any; k++)
                {
                    any = rows[(k * Grid) + x];
                }

                active[(y * Grid) + x] = any ? 1f : 0f;
            }
        }
    }

    /// <summary>
    /// Pixel ↔ cell arithmetic shared by the passes. Per column, the bilinear source cells and weight
    /// (half-pixel centres, as the upsampler) and where the next bilinear patch starts, computed once a call.
    /// </summary>
    private sealed class Geometry
    {
        public Geometry(int width, int height, float cellW, float cellH, float band)
        {
            (Width, Height, CellW, CellH, Band) = (width, height, cellW, cellH, band);
            Left = new int[width];
            Weight = new float[width];
            PatchEnd = new int[width];
            for (int x = 0; x < width; x++)
            {
                float u = Math.Clamp(((x + 0.5f) / cellW) - 0.5f, 0, Grid - 1);
                Left[x] = Math.Min(Grid - 2, (int)u);
                Weight[x] = u - Left[x];
            }

            for (int x = width - 1; x >= 0; x--)
            {
                PatchEnd[x] = x + 1 < width && Left[x + 1] == Left[x] ? PatchEnd[x + 1] : x + 1;
            }
        }

        /// <summary>Per column: the first column past it in another bilinear patch.</summary>
        public int[] PatchEnd { get; }

        /// <summary>
        /// Within one bilinear patch, from <paramref name="first"/> up to <paramref name="end"/>: the
        /// first column that may be in the band, found from where the band condition (quadratic in the
        /// patch weight) turns true, one column early for safety; <paramref name="end"/> when none can.
        /// Columns from there on are still tested one by one, so this only skips, never decides.
        /// </summary>
        public int FirstInBand(ReadOnlySpan<float> rowLogit, ReadOnlySpan<float> rowSlope, int first, int end)
        {
            if (!MayTouchBand(rowLogit, rowSlope, first, end - 1))
            {
                return end;
            }

            int i = Left[first];
            float r = rowLogit[i], du = rowLogit[i + 1] - rowLogit[i], sv = rowSlope[i], ds = rowSlope[i + 1] - rowSlope[i];
            float b2 = Band * Band;

            // (r + f du)^2 - b2 (du^2 + (sv + f ds)^2) < 0, i.e. qa f^2 + qb f + qc < 0.
            float qa = (du * du) - (b2 * ds * ds), qb = 2 * ((r * du) - (b2 * sv * ds)), qc = (r * r) - (b2 * du * du) - (b2 * sv * sv);
            if (qc < 0 || qa <= 0)
            {
                return first; // true at the patch's start, or a downward parabola: no cheap bound, test every column
            }

            float disc = (qb * qb) - (4 * qa * qc);
            if (disc < 0)
            {
                return end;
            }

            float root = (-qb - MathF.Sqrt(disc)) / (2 * qa);
            if (root > Weight[end - 1])
            {
                return end;
            }

            // The first column whose weight reaches the root, less one.
            int x = first;
            while (x < end && Weight[x] < root)
            {
                x++;
            }

            return Math.Max(first, x - 1);
        }

        /// <summary>
        /// Whether any pixel from <paramref name="first"/> to <paramref name="last"/> (one bilinear
        /// patch) can lie in the band: the logit is linear along the row, so its smallest magnitude is
        /// at an end (or zero between them), and the largest gradient is at an end too.
        /// </summary>
        private bool MayTouchBand(ReadOnlySpan<float> rowLogit, ReadOnlySpan<float> rowSlope, int first, int last)
        {
            int i = Left[first];
            float du = rowLogit[i + 1] - rowLogit[i], ds = rowSlope[i + 1] - rowSlope[i];
            float a = rowLogit[i] + (Weight[first] * du), b = rowLogit[i] + (Weight[last] * du);
            float nearest = (a > 0) != (b > 0) ? 0 : Math.Min(MathF.Abs(a), MathF.Abs(b));
            float dvA = rowSlope[i] + (Weight[first] * ds), dvB = rowSlope[i] + (Weight[last] * ds);
            float steepest = (du * du) + Math.Max(dvA * dvA, dvB * dvB);
            return nearest * nearest < Band * Band * steepest;
        }

        public int Width { get; }

        public int Height { get; }

        public float CellW { get; }

        public float CellH { get; }

        public float Band { get; }

        public int[] Left { get; }

        public float[] Weight { get; }

        public int X0(int cx) => (int)(cx * CellW);

        public int Y0(int cy) => (int)(cy * CellH);

        /// <summary>Sampling step for the statistics: about four samples per cell side.</summary>
        public int Step => Math.Max(1, (int)(Math.Min(CellW, CellH) / 4));

        /// <summary>
        /// For pixel row <paramref name="y"/>: the logits interpolated down each column of cells, and
        /// their rate of change down the column (per cell).
        /// </summary>
        public void BandRow(ReadOnlySpan<float> logit, int y, Span<float> rowLogit, Span<float> rowSlope)
        {
            float v = Math.Clamp(((y + 0.5f) / CellH) - 0.5f, 0, Grid - 1);
            int j0 = Math.Min(Grid - 2, (int)v);
            float fv = v - j0;
            ReadOnlySpan<float> a = logit.Slice(j0 * Grid, Grid), b = logit.Slice((j0 + 1) * Grid, Grid);
            for (int i = 0; i < Grid; i++)
            {
                rowLogit[i] = a[i] + (fv * (b[i] - a[i]));
                rowSlope[i] = b[i] - a[i];
            }
        }

        /// <summary>
        /// Whether pixel <paramref name="x"/> of the row lies within the band of the plain edge: the
        /// bilinear logit's distance to its zero, |logit| / |gradient| of the same bilinear patch, in cells.
        /// </summary>
        public bool InBand(ReadOnlySpan<float> rowLogit, ReadOnlySpan<float> rowSlope, int x)
        {
            int i = Left[x];
            float fu = Weight[x];
            float du = rowLogit[i + 1] - rowLogit[i];
            float value = rowLogit[i] + (fu * du);
            float dv = rowSlope[i] + (fu * (rowSlope[i + 1] - rowSlope[i]));
            return value * value < Band * Band * ((du * du) + (dv * dv));
        }
    }

    /// <summary>Colour statistics of trusted inside and outside pixels, per cell of row <paramref name="cy"/> near an edge.</summary>
    private static void GatherRow(BgraImage image, ReadOnlySpan<byte> mask, float[] cells, float[] stats, Geometry g, int cy)
    {
        ReadOnlySpan<float> logit = cells.AsSpan(0, Grid * Grid), active = cells.AsSpan(Grid * Grid, Grid * Grid);
        int step = g.Step;
        int y0 = g.Y0(cy), y1 = cy + 1 < Grid ? g.Y0(cy + 1) : g.Height;
        if (!active.Slice(cy * Grid, Grid).ContainsAnyExcept(0f))
        {
            return;
        }

        Span<float> rowLogit = stackalloc float[Grid], rowSlope = stackalloc float[Grid];
        for (int y = y0 + (step / 2); y < y1; y += step)
        {
            g.BandRow(logit, y, rowLogit, rowSlope);
            ReadOnlySpan<byte> px = image.GetRow(y);
            for (int cx = 0; cx < Grid; cx++)
            {
                if (active[(cy * Grid) + cx] == 0)
                {
                    continue;
                }

                int x0 = g.X0(cx), x1 = cx + 1 < Grid ? g.X0(cx + 1) : g.Width;
                Span<float> s = stats.AsSpan(((cy * Grid) + cx) * StatLanes, StatLanes);
                for (int x = x0 + (step / 2); x < x1; x += step)
                {
                    if (g.InBand(rowLogit, rowSlope, x))
                    {
                        continue;
                    }

                    float b = px[x * 4], gr = px[(x * 4) + 1], r = px[(x * 4) + 2];
                    int lane = mask[(y * g.Width) + x] != 0 ? 0 : 5;
                    s[lane] += 1;
                    s[lane + 1] += r;
                    s[lane + 2] += gr;
                    s[lane + 3] += b;
                    s[lane + 4] += (r * r) + (gr * gr) + (b * b);
                }
            }
        }
    }

    /// <summary>The band pixels of cell row <paramref name="cy"/> that should change side, in raster order.</summary>
    private static List<int> DecideRow(BgraImage image, ReadOnlySpan<byte> mask, float[] cells, float[] stats, Geometry g, int cy)
    {
        ReadOnlySpan<float> logit = cells.AsSpan(0, Grid * Grid), active = cells.AsSpan(Grid * Grid, Grid * Grid);
        var flips = new List<int>();
        int y0 = g.Y0(cy), y1 = cy + 1 < Grid ? g.Y0(cy + 1) : g.Height;

        // Each cell's two sides: the statistics of the cells within one cell around it.
        Span<Vector3> inside = stackalloc Vector3[Grid], outside = stackalloc Vector3[Grid];
        Span<float> typicalIn = stackalloc float[Grid], typicalOut = stackalloc float[Grid];
        Span<bool> edge = stackalloc bool[Grid];
        Span<float> sum = stackalloc float[StatLanes];
        for (int cx = 0; cx < Grid; cx++)
        {
            edge[cx] = false;
            if (active[(cy * Grid) + cx] == 0)
            {
                continue;
            }

            sum.Clear();
            for (int ny = Math.Max(0, cy - 1); ny <= Math.Min(Grid - 1, cy + 1); ny++)
            {
                for (int nx = Math.Max(0, cx - 1); nx <= Math.Min(Grid - 1, cx + 1); nx++)
                {
                    ReadOnlySpan<float> s = stats.AsSpan(((ny * Grid) + nx) * StatLanes, StatLanes);
                    for (int k = 0; k < StatLanes; k++)
                    {
                        sum[k] += s[k];
                    }
                }
            }

            if (sum[0] < 4 || sum[5] < 4)
            {
                continue; // one side is not seen nearby
            }

            var meanIn = new Vector3(sum[1], sum[2], sum[3]) / sum[0];
            var meanOut = new Vector3(sum[6], sum[7], sum[8]) / sum[5];
            float spreadIn = Math.Max(0, (sum[4] / sum[0]) - meanIn.LengthSquared());
            float spreadOut = Math.Max(0, (sum[9] / sum[5]) - meanOut.LengthSquared());
            float contrast = Vector3.DistanceSquared(meanIn, meanOut);

            // An edge: the sides differ clearly, and by more than they vary within themselves.
            if (contrast >= MinContrast && contrast > Separation * (spreadIn + spreadOut))
            {
                (inside[cx], outside[cx], edge[cx]) = (meanIn, meanOut, true);

                // How far from its side's mean a colour may be and still belong there: a colour unlike
                // either side (projecting past one mean) is not evidence for that side.
                typicalIn[cx] = (Typical * spreadIn) + (0.25f * MinContrast);
                typicalOut[cx] = (Typical * spreadOut) + (0.25f * MinContrast);
            }
        }

        if (!edge.Contains(true))
        {
            return flips;
        }

        Span<float> rowLogit = stackalloc float[Grid], rowSlope = stackalloc float[Grid];
        for (int y = y0; y < y1; y++)
        {
            g.BandRow(logit, y, rowLogit, rowSlope);
            ReadOnlySpan<byte> px = image.GetRow(y);
            ReadOnlySpan<byte> row = mask.Slice(y * g.Width, g.Width);
            for (int cx = 0; cx < Grid; cx++)
            {
                if (!edge[cx])
                {
                    continue;
                }

                Vector3 axis = inside[cx] - outside[cx];
                float scale = 1f / axis.LengthSquared();
                int x0 = g.X0(cx), x1 = cx + 1 < Grid ? g.X0(cx + 1) : g.Width;
                for (int x = x0; x < x1; x++)
                {
                    if (x == x0 || g.Left[x] != g.Left[x - 1])
                    {
                        // A new bilinear patch: jump to where the band starts in it (or past it).
                        int end = Math.Min(x1, g.PatchEnd[x]);
                        int start = g.FirstInBand(rowLogit, rowSlope, x, end);
                        if (start > x)
                        {
                            x = start - 1;
                            continue;
                        }
                    }

                    if (!g.InBand(rowLogit, rowSlope, x))
                    {
                        continue;
                    }

                    // 0 = the outside mean, 1 = the inside mean: the pixel itself and its 3 x 3 mean must
                    // both lie clearly on the other side (the mean, dearer, only when the pixel does).
                    var colour = new Vector3(px[(x * 4) + 2], px[(x * 4) + 1], px[x * 4]);
                    float own = Vector3.Dot(colour - outside[cx], axis) * scale;
                    bool on = row[x] != 0;
                    (Vector3 target, float typical) = on ? (outside[cx], typicalOut[cx]) : (inside[cx], typicalIn[cx]);
                    if ((on ? own < 0.5f - Margin : own > 0.5f + Margin) && Vector3.DistanceSquared(colour, target) <= typical)
                    {
                        Vector3 smoothed = Smoothed(image, x, y);
                        float t = Vector3.Dot(smoothed - outside[cx], axis) * scale;
                        if ((on ? t < 0.5f - Margin : t > 0.5f + Margin) && Vector3.DistanceSquared(smoothed, target) <= typical)
                        {
                            flips.Add((y * g.Width) + x);
                        }
                    }
                }
            }
        }

        return flips;
    }

    /// <summary>
    /// Drops wanted flips with fewer than <see cref="MinNeighbours"/> wanted neighbours (8-neighbourhood).
    /// An edge that really sits elsewhere moves a whole run of pixels; a lone pixel whose colour happens
    /// to resemble the other side is texture, not an edge.
    /// </summary>
    private static void KeepCoherent(List<int>[] candidates, int w, int h, CancellationToken cancellationToken)
    {
        long total = candidates.Sum(c => (long)c.Count);
        if (total == 0)
        {
            return;
        }

        ulong[] bits = ArrayPool<ulong>.Shared.Rent((int)((((long)w * h) + 63) / 64));
        try
        {
            Array.Clear(bits, 0, (int)((((long)w * h) + 63) / 64));
            foreach (List<int> list in candidates)
            {
                foreach (int i in list)
                {
                    bits[i >> 6] |= 1UL << (i & 63);
                }
            }

            Parallel.For(0, candidates.Length, new ParallelOptions { CancellationToken = cancellationToken }, cy =>
                candidates[cy].RemoveAll(i => Neighbours(bits, w, h, i) < MinNeighbours));
        }
        finally
        {
            ArrayPool<ulong>.Shared.Return(bits);
        }
    }

    private static int Neighbours(ulong[] bits, int w, int h, int i)
    {
        int x = i % w, y = i / w, n = 0;
        for (int k = 0; k < 8; k++)
        {
            int nx = x + Ring[k].X, ny = y + Ring[k].Y;
            if ((uint)nx < (uint)w && (uint)ny < (uint)h)
            {
                int j = (ny * w) + nx;
                n += (int)((bits[j >> 6] >> (j & 63)) & 1);
            }
        }

        return n;
    }

    /// <summary>
    /// The 3 x 3 mean colour around a pixel (R, G, B): texture and noise average out, while the point
    /// where a soft edge crosses halfway between the two sides stays where it is.
    /// </summary>
    private static Vector3 Smoothed(BgraImage image, int x, int y)
    {
        Vector3 sum = Vector3.Zero;
        int x0 = Math.Max(0, x - 1), x1 = Math.Min(image.Width - 1, x + 1);
        int y0 = Math.Max(0, y - 1), y1 = Math.Min(image.Height - 1, y + 1);
        for (int ny = y0; ny <= y1; ny++)
        {
            ReadOnlySpan<byte> row = image.GetRow(ny);
            for (int nx = x0; nx <= x1; nx++)
            {
                sum += new Vector3(row[(nx * 4) + 2], row[(nx * 4) + 1], row[nx * 4]);
            }
        }

        return sum / ((x1 - x0 + 1) * (y1 - y0 + 1));
    }

    /// <summary>
    /// Applies the wanted flips as simple points only. Cell rows of one parity run in parallel (their
    /// pixel rows are at least a cell apart, so no flip reads a pixel another thread writes); each row
    /// sweeps its candidates forwards and backwards until nothing more can flip.
    /// </summary>
    private static unsafe void FlipKeepingTopology(nint mask, int w, int h, List<int>[] candidates, Geometry g, CancellationToken cancellationToken)
    {
        int sweeps = (2 * (int)MathF.Ceiling(g.Band * Math.Max(g.CellW, g.CellH))) + 2;
        for (int round = 0; round < 2; round++)
        {
            for (int parity = 0; parity < 2; parity++)
            {
                int p = parity;
                if (g.CellH >= 2)
                {
                    Parallel.For(0, (Grid + 1 - p) / 2, new ParallelOptions { CancellationToken = cancellationToken }, k =>
                        Sweep(new Span<byte>((byte*)mask, w * h), w, h, candidates[(2 * k) + p], sweeps));
                }
                else
                {
                    for (int cy = p; cy < Grid; cy += 2)
                    {
                        Sweep(new Span<byte>((byte*)mask, w * h), w, h, candidates[cy], sweeps);
                    }
                }
            }
        }
    }

    private static void Sweep(Span<byte> mask, int w, int h, List<int> wanted, int sweeps)
    {
        if (wanted.Count == 0)
        {
            return;
        }

        // Sweeps alternate direction, so growth against the scan order needs no more sweeps than the
        // band is wide; flipped pixels leave the list, so each sweep only visits what is still waiting.
        for (int s = 0; s < sweeps && wanted.Count > 0; s++)
        {
            int before = wanted.Count;
            if (s % 2 == 0)
            {
                int kept = 0;
                for (int n = 0; n < wanted.Count; n++)
                {
                    int i = wanted[n];
                    if (IsSimple(mask, w, h, i))
                    {
                        mask[i] = mask[i] != 0 ? (byte)0 : (byte)255;
                    }
                    else
                    {
                        wanted[kept++] = i;
                    }
                }

                wanted.RemoveRange(kept, wanted.Count - kept);
            }
            else
            {
                int kept = wanted.Count;
                for (int n = wanted.Count - 1; n >= 0; n--)
                {
                    int i = wanted[n];
                    if (IsSimple(mask, w, h, i))
                    {
                        mask[i] = mask[i] != 0 ? (byte)0 : (byte)255;
                    }
                    else
                    {
                        wanted[--kept] = i;
                    }
                }

                wanted.RemoveRange(0, kept);
            }

            if (wanted.Count == before)
            {
                return;
            }
        }
    }

    /// <summary>Whether flipping pixel <paramref name="i"/> keeps every component and hole (outside the image counts as background).</summary>
    private static bool IsSimple(ReadOnlySpan<byte> mask, int w, int h, int i)
    {
        int x = i % w, y = i / w;
        int code = 0;
        for (int k = 0; k < 8; k++)
        {
            int nx = x + Ring[k].X, ny = y + Ring[k].Y;
            if ((uint)nx < (uint)w && (uint)ny < (uint)h && mask[(ny * w) + nx] != 0)
            {
                code |= 1 << k;
            }
        }

        return SimpleLookup[code];
    }

    /// <summary>
    /// For each neighbourhood (bit k = ring position k is object), whether the centre is a simple point
    /// for 8-connected objects and 4-connected background: the object neighbours form exactly one
    /// 8-component, and the background neighbours exactly one 4-component that touches the centre.
    /// </summary>
    private static bool[] BuildSimpleLookup()
    {
        var table = new bool[256];
        for (int code = 0; code < 256; code++)
        {
            table[code] = Components(code, objects: true) == 1 && Components(code, objects: false) == 1;
        }

        return table;
    }

    private static int Components(int code, bool objects)
    {
        Span<bool> seen = stackalloc bool[8];
        Span<int> stack = stackalloc int[8];
        int count = 0;
        for (int start = 0; start < 8; start++)
        {
            bool isObject = (code & (1 << start)) != 0;
            if (isObject != objects || seen[start])
            {
                continue;
            }

            // Background components count only when 4-adjacent to the centre (an edge neighbour).
            int top = 0;
            stack[top++] = start;
            seen[start] = true;
            bool touches = objects || start % 2 == 0;
            while (top > 0)
            {
                int k = stack[--top];
                for (int m = 0; m < 8; m++)
                {
                    if (seen[m] || ((code & (1 << m)) != 0) != objects)
                    {
                        continue;
                    }

                    int dx = Math.Abs(Ring[k].X - Ring[m].X), dy = Math.Abs(Ring[k].Y - Ring[m].Y);
                    bool adjacent = objects ? Math.Max(dx, dy) == 1 : dx + dy == 1;
                    if (adjacent)
                    {
                        seen[m] = true;
                        touches |= m % 2 == 0;
                        stack[top++] = m;
                    }
                }
            }

            count += touches ? 1 : 0;
        }

        return count;
    }
}
