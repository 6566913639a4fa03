// Facade: see Signatures.md. Pixels, bitmaps and locks (PaintDotNet.Primitives.dll,
// PaintDotNet.Windows.dll, PaintDotNet.Windows.Core.dll).
using PaintDotNet.Rendering;

namespace PaintDotNet.Imaging
{
    /// <summary>Paint.NET's marker for pixel types (its members are internal to the host).</summary>
    public interface INaturalPixelInfo
    {
    }

    [System.Runtime.InteropServices.StructLayout(System.Runtime.InteropServices.LayoutKind.Sequential)]
    public struct ColorBgra32 : INaturalPixelInfo
    {
        public byte B { get; set; }

        public byte G { get; set; }

        public byte R { get; set; }

        public byte A { get; set; }

        public static ColorBgra32 FromBgra(byte b, byte g, byte r, byte a) => new() { B = b, G = g, R = r, A = a };
    }

    public interface IBitmapLock<TPixel> : IDisposable
        where TPixel : unmanaged, INaturalPixelInfo
    {
    }

    public static class BitmapLockExtensions
    {
        public static RegionPtr<TPixel> AsRegionPtr<TPixel>(this IBitmapLock<TPixel> bitmapLock)
            where TPixel : unmanaged, INaturalPixelInfo =>
            bitmapLock is Facade.IHostBitmapLock<TPixel> host ? host.HostRegion : throw Facade.Host.Only("a bitmap lock");
    }

    public enum BitmapExtendMode
    {
        Clamp = 0,
        Zero = 3,
    }

    public interface IBitmapSource : IDisposable
    {
        SizeInt32 Size { get; }
    }

    public interface IBitmapSource<TPixel> : IBitmapSource
        where TPixel : unmanaged, INaturalPixelInfo
    {
    }

    public static class BitmapSourceExtensions
    {
        /// <summary>A view of <paramref name="sourceRect"/> of the source (the facade keeps only its size).</summary>
        public static IBitmapSource<TPixel> CreateClipper<TPixel>(this IBitmapSource<TPixel> source, RectInt32 sourceRect, BitmapExtendMode extendMode)
            where TPixel : unmanaged, INaturalPixelInfo
        {
            ArgumentNullException.ThrowIfNull(source);
            _ = extendMode;
            return new Facade.Clipper<TPixel>(sourceRect);
        }
    }
}
