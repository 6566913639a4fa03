using HqSam.Core.Imaging;
using HqSam.Core.Prompts;

namespace HqSam.Core.Pipeline;

/// <summary>
/// A crop around a small object, for a second, closer look. Crops are squares of 256·2^k pixels whose
/// corners sit on a grid of a quarter of their side (clamped to the image), the smallest that holds the
/// object's mask, its clicks (excluding clicks elsewhere are left out) and box, with a margin; so successive clicks on one object land in the same
/// square, and an already encoded square that holds them is preferred: one crop encode per object,
/// not per click. Only worth it when the square is at most a third of the image's longer side (the
/// model then sees the object at 3x or more its resolution) and fits in the image.
/// </summary>
internal readonly record struct ZoomRegion(int X, int Y, int Width, int Height)
{
    /// <summary>The smallest crop side; sides double from here.</summary>
    public const int SmallestSide = 256;

    /// <param name="encoded">Crops of this image that are encoded already: one that holds what is needed is reused.</param>
    public static ZoomRegion? Find(ReadOnlySpan<byte> mask, int width, int height, SegmentationPrompt prompt, IEnumerable<ZoomRegion>? encoded = null)
    {
        ArgumentNullException.ThrowIfNull(prompt);
        int x0 = int.MaxValue, y0 = int.MaxValue, x1 = int.MinValue, y1 = int.MinValue;
        void Include(float x, float y)
        {
            x0 = Math.Min(x0, (int)Math.Floor(x));
            y0 = Math.Min(y0, (int)Math.Floor(y));
            x1 = Math.Max(x1, (int)Math.Ceiling(x));
            y1 = Math.Max(y1, (int)Math.Ceiling(y));
        }

        // Clicks on the object and the box must be in the crop; an excluding click elsewhere is left out
        // of it (it only excludes what lies outside the crop, where the whole-image mask is cleared anyway).
        foreach (PointPrompt p in prompt.Points)
        {
            if (p.Positive)
            {
                Include(p.X, p.Y);
            }
        }

        if (prompt.Box is { } box)
        {
            Include(box.X0, box.Y0);
            Include(box.X1, box.Y1);
        }

        for (int y = 0; y < height; y++)
        {
            ReadOnlySpan<byte> row = mask.Slice(y * width, width);
            int first = row.IndexOfAnyExcept((byte)0);
            if (first >= 0)
            {
                Include(first, y);
                Include(row.LastIndexOfAnyExcept((byte)0) + 1, y + 1);
            }
        }

        if (x0 > x1)
        {
            return null;
        }

        // What the crop must hold: the object and its prompts, with a margin of a quarter of their size.
        int margin = Math.Max(16, Math.Max(x1 - x0, y1 - y0) / 4);
        int nx0 = Math.Max(0, x0 - margin), ny0 = Math.Max(0, y0 - margin);
        int nx1 = Math.Min(width, x1 + margin), ny1 = Math.Min(height, y1 + margin);
        int extent = Math.Max(nx1 - nx0, ny1 - ny0);

        int side = SmallestSide;
        while (side * 3 < extent * 4)
        {
            side *= 2; // a quarter-step grid holds any span up to three quarters of the side
        }

        if (side * 3 > Math.Max(width, height) || side > Math.Min(width, height))
        {
            return null; // not small: a crop would show it hardly larger than the whole image does
        }

        ZoomRegion? reuse = null;
        foreach (ZoomRegion known in encoded ?? [])
        {
            if (known.X <= nx0 && known.Y <= ny0 && known.X + known.Width >= nx1 && known.Y + known.Height >= ny1
                && known.Width <= 2 * side && (reuse is null || known.Width < reuse.Value.Width))
            {
                reuse = known;
            }
        }

        return reuse ?? new ZoomRegion(Place(nx0, nx1, side, width), Place(ny0, ny1, side, height), side, side);
    }

    /// <summary>The grid origin (a multiple of a quarter side, or clamped to the edge) nearest centring [a, b) that holds it.</summary>
    private static int Place(int a, int b, int side, int limit)
    {
        int step = side / 4;
        int k = (int)Math.Round((((a + b) / 2.0) - (side / 2.0)) / step);
        foreach (int d in (ReadOnlySpan<int>)[0, -1, 1, -2, 2])
        {
            int origin = Math.Clamp((k + d) * step, 0, limit - side);
            if (origin <= a && origin + side >= b)
            {
                return origin;
            }
        }

        return Math.Clamp(a, 0, limit - side);
    }

    /// <summary>A view of the crop's pixels: no copy, the parent's stride.</summary>
    public BgraImage Of(BgraImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        int offset = (Y * image.Stride) + (X * BgraImage.BytesPerPixel);
        return new BgraImage(Width, Height, image.Pixels[offset..], image.Stride);
    }

    public SegmentationPrompt Shift(SegmentationPrompt prompt)
    {
        ArgumentNullException.ThrowIfNull(prompt);
        (int x, int y, int w, int h) = (X, Y, Width, Height);
        BoxPrompt? box = prompt.Box is { } b
            ? new BoxPrompt(Math.Clamp(b.X0 - x, 0, w), Math.Clamp(b.Y0 - y, 0, h), Math.Clamp(b.X1 - x, 0, w), Math.Clamp(b.Y1 - y, 0, h))
            : null;
        // Excluding clicks outside the crop are dropped (see Find); everything else lies inside it.
        return new SegmentationPrompt(
            prompt.Points.Select(p => p with { X = p.X - x, Y = p.Y - y }).Where(p => p.Positive || (p.X >= 0 && p.Y >= 0 && p.X < w && p.Y < h)),
            box);
    }

    public void Paste(ReadOnlySpan<byte> cropMask, Span<byte> mask, int width)
    {
        for (int y = 0; y < Height; y++)
        {
            cropMask.Slice(y * Width, Width).CopyTo(mask.Slice(((Y + y) * width) + X, Width));
        }
    }
}
