// Facade: see Facade.md. Pixel access as the adapter uses it (PaintDotNet.Primitives.dll, PaintDotNet.Windows.dll).
using PaintDotNet.Rendering;

namespace PaintDotNet.Imaging
{
    [System.Runtime.InteropServices.StructLayout(System.Runtime.InteropServices.LayoutKind.Sequential)]
    public struct ColorBgra32
    {
        public byte B;
        public byte G;
        public byte R;
        public byte A;

        public static ColorBgra32 FromBgra(byte b, byte g, byte r, byte a) => new() { B = b, G = g, R = r, A = a };
    }

    /// <summary>A pointer view of a locked region; the indexer returns the pixel by reference.</summary>
    public readonly unsafe struct RegionPtr<T>(T* ptr, int width, int height, int stride)
        where T : unmanaged
    {
        public int Width { get; } = width;

        public int Height { get; } = height;

        public ref T this[int x, int y] => ref *(T*)((byte*)ptr + ((long)y * stride) + ((long)x * sizeof(T)));
    }

    public interface IBitmapLock<T> : IDisposable
        where T : unmanaged
    {
        RegionPtr<T> AsRegionPtr();
    }

    public enum BitmapExtendMode
    {
        Transparent,
        Clamp,
        Wrap,
        Mirror,
    }

    public interface IBitmapSource<T> : IDisposable
        where T : unmanaged
    {
        SizeInt32 Size { get; }

        IBitmapSource<T> CreateClipper(RectInt32 clipRect, BitmapExtendMode extendMode);
    }

    public interface IEffectInputBitmap<T> : IBitmapSource<T>
        where T : unmanaged
    {
        IBitmapLock<T> Lock(RectInt32 bounds);
    }
}
