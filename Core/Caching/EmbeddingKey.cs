using System.IO.Hashing;
using System.Runtime.InteropServices;
using HqSam.Core.Imaging;

namespace HqSam.Core.Caching;

/// <summary>
/// Identifies an embedding: the image's content (XxHash128 over its size and visible pixels, stride
/// padding excluded) and the identity of the model that encoded it. Two documents with the same
/// pixels share one embedding; the same pixels under another model do not.
/// </summary>
public readonly record struct EmbeddingKey(UInt128 ContentHash, string ModelIdentity)
{
    public static EmbeddingKey For(BgraImage image, string modelIdentity)
    {
        ArgumentNullException.ThrowIfNull(image);
        return new EmbeddingKey(HashContent(image), modelIdentity);
    }

    public static UInt128 HashContent(BgraImage image)
    {
        var hash = new XxHash128();
        Span<int> size = [image.Width, image.Height];
        hash.Append(MemoryMarshal.AsBytes(size));
        if (image.Stride == image.Width * BgraImage.BytesPerPixel)
        {
            // Contiguous rows: hash in large slices (a span is limited to 2 GiB).
            ReadOnlySpan<byte> all = image.Pixels.Span[..checked((int)(image.PixelCount * BgraImage.BytesPerPixel))];
            hash.Append(all);
        }
        else
        {
            for (int y = 0; y < image.Height; y++)
            {
                hash.Append(image.GetRow(y));
            }
        }

        return hash.GetCurrentHashAsUInt128();
    }
}
