using SkiaSharp;

namespace HqSam.Cli.Imaging;

/// <summary>
/// The format an output file is written in, named by its extension: the bytes always match the name
/// (a <c>.jpg</c> holds a JPEG). Only what Skia can encode is offered; anything else is refused
/// before any work is done.
/// </summary>
internal sealed class ImageOutputFormat
{
    /// <summary>Lossless, with transparency: the default and the right choice for masks.</summary>
    public static readonly ImageOutputFormat Png = new("PNG", hasAlpha: true);

    /// <summary>Lossy, no transparency: masks get soft ringing at their edge, so they are written at the highest quality.</summary>
    public static readonly ImageOutputFormat Jpeg = new("JPEG", hasAlpha: false);

    /// <summary>Written lossless, with transparency.</summary>
    public static readonly ImageOutputFormat Webp = new("WebP", hasAlpha: true);

    private ImageOutputFormat(string name, bool hasAlpha)
    {
        Name = name;
        HasAlpha = hasAlpha;
    }

    public string Name { get; }

    public bool HasAlpha { get; }

    /// <summary>
    /// The format for <paramref name="path"/>'s extension, or a one-line refusal naming the option and
    /// the file. <paramref name="needsAlpha"/>: the output is a cut-out, whose background is transparency.
    /// </summary>
    public static ImageOutputFormat ForPath(string option, string path, bool needsAlpha)
    {
        string extension = Path.GetExtension(path).ToLowerInvariant();
        ImageOutputFormat format = extension switch
        {
            ".png" => Png,
            ".jpg" or ".jpeg" => Jpeg,
            ".webp" => Webp,
            ".bmp" => throw new UsageException($"{option} {path}: BMP cannot be written (the image library has no BMP encoder); use .png, .jpg or .webp"),
            "" => throw new UsageException($"{option} {path}: no file extension; use .png, .jpg or .webp to say the format"),
            _ => throw new UsageException($"{option} {path}: cannot write '{extension}' images; use .png, .jpg or .webp"),
        };

        return needsAlpha && !format.HasAlpha
            ? throw new UsageException($"{option} {path}: JPEG has no transparency, so a cut-out would lose its background; use .png or .webp")
            : format;
    }

    /// <summary>Encodes pixels in this format; null when Skia cannot (reported by the caller).</summary>
    public SKData? Encode(SKPixmap pixmap)
    {
        ArgumentNullException.ThrowIfNull(pixmap);
        if (this == Jpeg)
        {
            return pixmap.Encode(new SKJpegEncoderOptions(100, SKJpegEncoderDownsample.Downsample444, SKJpegEncoderAlphaOption.Ignore));
        }

        if (this == Webp)
        {
            return pixmap.Encode(new SKWebpEncoderOptions(SKWebpEncoderCompression.Lossless, 100));
        }

        return pixmap.Encode(SKPngEncoderOptions.Default);
    }

    public override string ToString() => Name;
}
