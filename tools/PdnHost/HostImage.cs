using System.Drawing;
using System.Drawing.Imaging;
using System.Runtime.InteropServices;
using System.Runtime.Versioning;

namespace HqSam.PdnHost;

/// <summary>Layers to and from image files through GDI+ (System.Drawing), as straight-alpha BGRA rows.</summary>
[SupportedOSPlatform("windows")]
internal static class HostImage
{
    public static (int Width, int Height, byte[] Bgra) Load(string path)
    {
        using var bitmap = new Bitmap(path);
        var pixels = new byte[checked(bitmap.Width * bitmap.Height * 4)];
        BitmapData data = bitmap.LockBits(new Rectangle(0, 0, bitmap.Width, bitmap.Height), ImageLockMode.ReadOnly, PixelFormat.Format32bppArgb);
        try
        {
            for (int y = 0; y < bitmap.Height; y++)
            {
                Marshal.Copy(data.Scan0 + (y * data.Stride), pixels, y * bitmap.Width * 4, bitmap.Width * 4);
            }
        }
        finally
        {
            bitmap.UnlockBits(data);
        }

        return (bitmap.Width, bitmap.Height, pixels);
    }

    /// <summary>Writes a PNG whole, through a temporary file renamed into place.</summary>
    public static void SavePng(string path, int width, int height, byte[] bgra)
    {
        using Bitmap bitmap = ToBitmap(width, height, bgra);
        string partial = path + ".partial";
        bitmap.Save(partial, ImageFormat.Png);
        File.Move(partial, path, overwrite: true);
    }

    /// <summary>A GDI+ bitmap holding a copy of the rows.</summary>
    public static Bitmap ToBitmap(int width, int height, byte[] bgra)
    {
        var bitmap = new Bitmap(width, height, PixelFormat.Format32bppArgb);
        BitmapData data = bitmap.LockBits(new Rectangle(0, 0, width, height), ImageLockMode.WriteOnly, PixelFormat.Format32bppArgb);
        try
        {
            for (int y = 0; y < height; y++)
            {
                Marshal.Copy(bgra, y * width * 4, data.Scan0 + (y * data.Stride), width * 4);
            }
        }
        finally
        {
            bitmap.UnlockBits(data);
        }

        return bitmap;
    }
}
