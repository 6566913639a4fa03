namespace HqSam.Core.Imaging;

/// <summary>
/// A read-only view of 32-bit BGRA pixels with straight (not premultiplied) alpha, the layout of
/// Paint.NET's <c>ColorBgra32</c> and of Skia's <c>Bgra8888/Unpremul</c>. It does not own or copy
/// the pixels: hosts wrap their own buffer.
/// </summary>
public sealed class BgraImage
{
    public const int BytesPerPixel = 4;

    public BgraImage(int width, int height, ReadOnlyMemory<byte> pixels, int stride = 0)
    {
        if (width <= 0 || height <= 0)
        {
            throw new ImageException($"image size {width}x{height} is empty");
        }

        stride = stride == 0 ? checked(width * BytesPerPixel) : stride;
        if (stride < width * BytesPerPixel)
        {
            throw new ImageException($"image stride {stride} is smaller than a row of {width} pixels");
        }

        long needed = ((long)stride * (height - 1)) + ((long)width * BytesPerPixel);
        if (pixels.Length < needed)
        {
            throw new ImageException($"image buffer holds {pixels.Length} bytes, a {width}x{height} image needs {needed}");
        }

        Width = width;
        Height = height;
        Stride = stride;
        Pixels = pixels;
    }

    public int Width { get; }

    public int Height { get; }

    /// <summary>Bytes from one row's start to the next.</summary>
    public int Stride { get; }

    public ReadOnlyMemory<byte> Pixels { get; }

    public long PixelCount => (long)Width * Height;

    public ReadOnlySpan<byte> GetRow(int y) => Pixels.Span.Slice(y * Stride, Width * BytesPerPixel);

    /// <summary>Allocates an image and fills it with one colour (tests and tools).</summary>
    public static BgraImage Solid(int width, int height, byte b, byte g, byte r, byte a = 255)
    {
        var data = new byte[checked(width * height * BytesPerPixel)];
        for (int i = 0; i < data.Length; i += BytesPerPixel)
        {
            data[i] = b;
            data[i + 1] = g;
            data[i + 2] = r;
            data[i + 3] = a;
        }

        return new BgraImage(width, height, data);
    }
}
