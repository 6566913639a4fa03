using System.Runtime.InteropServices;

namespace HqSam.Core.Imaging;

/// <summary>
/// Turns a decoded image upright as its EXIF orientation tag (1..8) says, so that points, boxes and
/// masks are in the coordinates every image viewer shows. Phone photos store the sensor's pixels and
/// only this tag; without it a click lands on the wrong object. One pass of 32-bit pixel moves,
/// parallel over destination rows.
/// </summary>
public static class ExifOrientation
{
    /// <summary>Whether the upright image is the stored one turned a quarter (width and height swap).</summary>
    public static bool SwapsAxes(int orientation) => orientation is >= 5 and <= 8;

    /// <returns>The upright image; <paramref name="image"/> itself for orientation 1 (or an unknown value, which viewers ignore too).</returns>
    public static BgraImage Apply(BgraImage image, int orientation)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (orientation is < 2 or > 8)
        {
            return image;
        }

        int w = image.Width, h = image.Height;
        (int ow, int oh) = SwapsAxes(orientation) ? (h, w) : (w, h);
        var pixels = new byte[checked(ow * oh * 4)];
        ParallelRows.For(oh, ow, (from, to) =>
        {
            Span<uint> destination = MemoryMarshal.Cast<byte, uint>(pixels.AsSpan());
            for (int y = from; y < to; y++)
            {
                Span<uint> row = destination.Slice(y * ow, ow);
                for (int x = 0; x < ow; x++)
                {
                    (int sx, int sy) = Source(orientation, x, y, w, h);
                    row[x] = MemoryMarshal.Read<uint>(image.GetRow(sy).Slice(sx * 4, 4));
                }
            }
        });

        return new BgraImage(ow, oh, pixels);
    }

    /// <summary>The stored pixel shown at upright position (x, y), for a stored image of w x h.</summary>
    private static (int X, int Y) Source(int orientation, int x, int y, int w, int h) => orientation switch
    {
        2 => (w - 1 - x, y),          // mirrored left-right
        3 => (w - 1 - x, h - 1 - y),  // upside down
        4 => (x, h - 1 - y),          // mirrored top-bottom
        5 => (y, x),                  // transposed
        6 => (y, h - 1 - x),          // stored turned 90° anticlockwise: show it turned clockwise
        7 => (w - 1 - y, h - 1 - x),  // transversed
        8 => (w - 1 - y, x),          // stored turned 90° clockwise: show it turned anticlockwise
        _ => (x, y),
    };
}
