using System.Buffers.Binary;
using System.IO.Compression;

namespace HqSam.Tests.Support;

/// <summary>
/// PNG files written byte by byte, for what Skia will not encode: 16-bit samples, or a header whose
/// size the pixel data does not back (hostile files).
/// </summary>
internal static class HandWrittenPng
{
    /// <param name="colourType">PNG's colour type: 0 grey, 2 RGB, 6 RGBA.</param>
    /// <param name="rawRows">The filtered rows (a filter byte, then samples), compressed here; may stop short of the header's size.</param>
    public static byte[] Write(int width, int height, byte bitDepth, byte colourType, ReadOnlySpan<byte> rawRows)
    {
        using var png = new MemoryStream();
        png.Write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        header[8] = bitDepth;
        header[9] = colourType;
        Chunk(png, "IHDR", header);
        using (var compressed = new MemoryStream())
        {
            using (var z = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
            {
                z.Write(rawRows);
            }

            Chunk(png, "IDAT", compressed.ToArray());
        }

        Chunk(png, "IEND", []);
        return png.ToArray();
    }

    private static void Chunk(Stream s, string type, byte[] data)
    {
        var length = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(length, data.Length);
        s.Write(length);
        byte[] typeBytes = System.Text.Encoding.ASCII.GetBytes(type);
        s.Write(typeBytes);
        s.Write(data);
        var crc = new System.IO.Hashing.Crc32();
        crc.Append(typeBytes);
        crc.Append(data);
        var c = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(c, crc.GetCurrentHashAsUInt32());
        s.Write(c);
    }
}
