using HqSam.Core.Imaging;
using HqSam.Core.Masks;
using SkiaSharp;

namespace HqSam.Cli.Imaging;

/// <summary>
/// Reads images (PNG, JPEG, BMP, WebP, GIF; 8/16-bit, grey or colour) into BGRA, upright as their EXIF
/// orientation says (so coordinates are the ones a viewer shows), and writes PNG, JPEG or WebP, through Skia.
/// </summary>
internal static class ImageFile
{
    /// <summary>
    /// The most pixels an image may have: 2^28 (16384 x 16384, 268 MP), 1 GiB as BGRA, checked from the
    /// header before anything is allocated. A header claiming more (a damaged or hostile file, or a
    /// larger image than the pipeline's buffers are sized for) is refused with one line.
    /// </summary>
    public const long MaxPixels = 1L << 28;

    public static BgraImage Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new ImageException(Directory.Exists(path) ? $"{path}: is a folder, not an image file" : $"{path}: file not found");
        }

        using SKCodec? codec = SKCodec.Create(path, out SKCodecResult opened);
        if (codec is null)
        {
            throw new ImageException($"{path}: not a readable image ({Describe(opened)})");
        }

        SKImageInfo info = new(codec.Info.Width, codec.Info.Height, SKColorType.Bgra8888, SKAlphaType.Unpremul);
        if (info.Width <= 0 || info.Height <= 0)
        {
            throw new ImageException($"{path}: image has no pixels");
        }

        if ((long)info.Width * info.Height > MaxPixels)
        {
            throw new ImageException($"{path}: {info.Width}x{info.Height} is larger than HqSam reads (at most {MaxPixels:N0} pixels, e.g. 16384x16384)");
        }

        byte[] pixels;
        try
        {
            pixels = new byte[info.BytesSize64];
        }
        catch (OutOfMemoryException)
        {
            throw new ImageException($"{path}: {info.Width}x{info.Height} is too large to load");
        }

        SKCodecResult decoded;
        unsafe
        {
            fixed (byte* p = pixels)
            {
                decoded = codec.GetPixels(info, (nint)p);
            }
        }

        if (decoded != SKCodecResult.Success)
        {
            throw new ImageException($"{path}: {Describe(decoded)}");
        }

        return ExifOrientation.Apply(new BgraImage(info.Width, info.Height, pixels, info.RowBytes), (int)codec.EncodedOrigin);
    }

    /// <summary>A mask as 8-bit grayscale, in the format <paramref name="path"/>'s extension names.</summary>
    public static void SaveMask(string path, ImageOutputFormat format, Mask mask) =>
        Save(path, format, new SKImageInfo(mask.Width, mask.Height, SKColorType.Gray8, SKAlphaType.Opaque), mask.Pixels);

    /// <summary>BGRA with straight alpha, in the format <paramref name="path"/>'s extension names.</summary>
    public static void SaveBgra(string path, ImageOutputFormat format, ReadOnlySpan<byte> bgra, int width, int height) =>
        Save(path, format, new SKImageInfo(width, height, SKColorType.Bgra8888, SKAlphaType.Unpremul), bgra);

    /// <summary>Encodes the pixels and writes them through <see cref="OutputFile"/>.</summary>
    private static unsafe void Save(string path, ImageOutputFormat format, SKImageInfo info, ReadOnlySpan<byte> pixels)
    {
        SKData? encoded;
        fixed (byte* p = pixels)
        {
            using var pixmap = new SKPixmap(info, (nint)p, info.RowBytes);
            encoded = format.Encode(pixmap);
        }

        using (encoded)
        {
            if (encoded is null)
            {
                throw new ImageException($"{path}: {format} encoding failed");
            }

            OutputFile.Write(path, encoded.SaveTo);
        }
    }

    /// <summary>
    /// A mask from an image: alpha where the image has transparency (a cut-out), else brightness (a
    /// gray mask); 128 and above is selected.
    /// </summary>
    public static Mask LoadMask(string path)
    {
        BgraImage image = Load(path);
        bool hasAlpha = false;
        for (int y = 0; y < image.Height && !hasAlpha; y++)
        {
            ReadOnlySpan<byte> row = image.GetRow(y);
            for (int x = 3; x < row.Length; x += 4)
            {
                if (row[x] != 255)
                {
                    hasAlpha = true;
                    break;
                }
            }
        }

        var mask = new Mask(image.Width, image.Height);
        Span<byte> pixels = mask.Pixels;
        for (int y = 0; y < image.Height; y++)
        {
            ReadOnlySpan<byte> row = image.GetRow(y);
            for (int x = 0; x < image.Width; x++)
            {
                int i = x * 4;
                int value = hasAlpha ? row[i + 3] : ((row[i] * 29) + (row[i + 1] * 150) + (row[i + 2] * 77)) >> 8;
                pixels[(y * image.Width) + x] = value >= 128 ? (byte)255 : (byte)0;
            }
        }

        return mask;
    }

    private static string Describe(SKCodecResult result) => result switch
    {
        SKCodecResult.IncompleteInput or SKCodecResult.ErrorInInput => "file is truncated or corrupt",
        SKCodecResult.InvalidInput or SKCodecResult.Unimplemented => "unsupported or corrupt image format",
        SKCodecResult.CouldNotRewind => "image stream cannot be re-read",
        _ => $"image cannot be decoded ({result})",
    };
}
