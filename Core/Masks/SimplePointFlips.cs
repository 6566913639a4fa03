using HqSam.Core.Contract;

namespace HqSam.Core.Masks;

/// <summary>
/// <see cref="EdgeRefiner"/>'s last step: applies wanted flips as simple points only (digital topology,
/// 8-connected objects and 4-connected background), so the refined mask keeps exactly the components
/// and holes of the plain one.
/// </summary>
internal static class SimplePointFlips
{
    private const int Grid = SamContract.LowResSize;

    // The 8-neighbourhood in ring order: N, NE, E, SE, S, SW, W, NW (before the table built from it).
    public static readonly (int X, int Y)[] Ring = [(0, -1), (1, -1), (1, 0), (1, 1), (0, 1), (-1, 1), (-1, 0), (-1, -1)];

    private static readonly bool[] SimpleLookup = BuildSimpleLookup();

    /// <summary>Whether a pixel whose 8 neighbours are <paramref name="code"/> (bit k = ring position k, N first, clockwise, is object) may flip without changing the topology.</summary>
    public static bool IsSimpleNeighbourhood(int code) => SimpleLookup[code];

    /// <summary>
    /// Applies the wanted flips as simple points only. Cell rows of one parity run in parallel (their
    /// pixel rows are at least a cell apart, so no flip reads a pixel another thread writes); each row
    /// sweeps its candidates forwards and backwards until nothing more can flip.
    /// </summary>
    public static unsafe void Apply(nint mask, int w, int h, List<int>[] candidates, EdgeBand g, CancellationToken cancellationToken)
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
