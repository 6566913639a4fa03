using System.Buffers;

namespace HqSam.Core.Masks;

/// <summary>Which tiles of a mask a soft edge of a given width reaches (<see cref="SoftEdge"/> filters only those).</summary>
internal static class SoftEdgeTiles
{
    /// <summary>
    /// The tiles the band reaches. Each pixel is looked at once to find the tiles of one value; only a
    /// tile next to one of another value (or of mixed values) can be reached, and only those are
    /// checked exactly (<see cref="Reaches"/>), so the interior and the exterior cost one pass.
    /// </summary>
    public static List<(int X, int Y)> Find(ReadOnlySpan<byte> mask, int w, int h, int tile, int width)
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
}
