using HqSam.Core.Imaging;
using HqSam.Core.Prompts;

namespace HqSam.Core.Pipeline;

/// <summary>
/// A crop around a small object, for a second, closer look: the object's mask, clicks and box, with a
/// margin of half their size (and at least 16 px) on each side. Only worth it when the crop is at most
/// a quarter of the image each way: the model then sees the object at 4x or more the resolution.
/// </summary>
public readonly record struct ZoomRegion(int X, int Y, int Width, int Height)
{
    public static ZoomRegion? Find(ReadOnlySpan<byte> mask, int width, int height, SegmentationPrompt prompt)
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

        foreach (PointPrompt p in prompt.Points)
        {
            Include(p.X, p.Y);
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

        int margin = Math.Max(16, Math.Max(x1 - x0, y1 - y0) / 2);
        int cx0 = Math.Max(0, x0 - margin), cy0 = Math.Max(0, y0 - margin);
        int cx1 = Math.Min(width, x1 + margin), cy1 = Math.Min(height, y1 + margin);
        int cw = cx1 - cx0, ch = cy1 - cy0;
        return cw * 4 <= width && ch * 4 <= height && cw >= 16 && ch >= 16 ? new ZoomRegion(cx0, cy0, cw, ch) : null;
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
        return new SegmentationPrompt(prompt.Points.Select(p => p with { X = p.X - x, Y = p.Y - y }), box);
    }

    public void Paste(ReadOnlySpan<byte> cropMask, Span<byte> mask, int width)
    {
        for (int y = 0; y < Height; y++)
        {
            cropMask.Slice(y * Width, Width).CopyTo(mask.Slice(((Y + y) * width) + X, Width));
        }
    }
}
