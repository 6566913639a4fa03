using HqSam.Core.Imaging;
using SkiaSharp;

namespace HqSam.Cli.Imaging;

/// <summary>Reads images (PNG, JPEG, BMP, WebP, GIF; 8/16-bit, grey or colour) into BGRA and writes PNGs, through Skia.</summary>
internal static class ImageFile
{
    public static BgraImage Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new ImageException($"{path}: file not found");
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

        return new BgraImage(info.Width, info.Height, pixels, info.RowBytes);
    }

    /// <summary>8-bit grayscale PNG, one byte per pixel.</summary>
    public static void SaveGray(string path, ReadOnlySpan<byte> gray, int width, int height) =>
        Save(path, new SKImageInfo(width, height, SKColorType.Gray8, SKAlphaType.Opaque), gray);

    /// <summary>BGRA PNG with straight alpha.</summary>
    public static void SaveBgra(string path, ReadOnlySpan<byte> bgra, int width, int height) =>
        Save(path, new SKImageInfo(width, height, SKColorType.Bgra8888, SKAlphaType.Unpremul), bgra);

    /// <summary>
    /// Encodes to a temporary file beside the target and moves it into place, so a failure never
    /// leaves a half-written file where the user had a good one.
    /// </summary>
    private static unsafe void Save(string path, SKImageInfo info, ReadOnlySpan<byte> pixels)
    {
        string full = Path.GetFullPath(path);
        string? dir = Path.GetDirectoryName(full);
        if (dir is not null && !Directory.Exists(dir))
        {
            throw new ImageException($"{path}: folder does not exist");
        }

        string temp = full + ".partial";
        try
        {
            fixed (byte* p = pixels)
            {
                using var pixmap = new SKPixmap(info, (nint)p, info.RowBytes);
                using SKData? png = pixmap.Encode(SKPngEncoderOptions.Default);
                if (png is null)
                {
                    throw new ImageException($"{path}: PNG encoding failed");
                }

                using (FileStream stream = File.Create(temp))
                {
                    png.SaveTo(stream);
                }
            }

            File.Move(temp, full, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            TryDelete(temp);
            throw new ImageException($"{path}: cannot write ({e.Message})", e);
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private static string Describe(SKCodecResult result) => result switch
    {
        SKCodecResult.IncompleteInput or SKCodecResult.ErrorInInput => "file is truncated or corrupt",
        SKCodecResult.InvalidInput or SKCodecResult.Unimplemented => "unsupported or corrupt image format",
        SKCodecResult.CouldNotRewind => "image stream cannot be re-read",
        _ => $"image cannot be decoded ({result})",
    };
}
