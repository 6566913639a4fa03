// Facade: see Signatures.md. Primitives (PaintDotNet.Primitives.dll, PaintDotNet.PropertySystem.dll).
namespace PaintDotNet
{
    public readonly struct Pair<T1, T2>
    {
        public Pair(T1 first, T2 second)
        {
            First = first;
            Second = second;
        }

        public T1 First { get; }

        public T2 Second { get; }
    }

    public static class Pair
    {
        public static Pair<T, U> Create<T, U>(T first, U second) => new(first, second);
    }

    /// <summary>A pointer view of a locked region; the indexer returns the pixel by reference.</summary>
    public readonly unsafe struct RegionPtr<T>
        where T : unmanaged
    {
        private readonly T* _ptr;
        private readonly int _stride;

        public RegionPtr(T* ptr, int width, int height, int stride)
        {
            _ptr = ptr;
            Width = width;
            Height = height;
            _stride = stride;
        }

        public int Width { get; }

        public int Height { get; }

        public ref T this[int x, int y] => ref *(T*)((byte*)_ptr + ((long)y * _stride) + ((long)x * sizeof(T)));
    }
}

namespace PaintDotNet.Rendering
{
    public struct Point2Int32
    {
        public Point2Int32(int x, int y)
        {
            X = x;
            Y = y;
        }

        public int X { get; set; }

        public int Y { get; set; }
    }

    public struct SizeInt32
    {
        public SizeInt32(int width, int height)
        {
            Width = width;
            Height = height;
        }

        public int Width { get; set; }

        public int Height { get; set; }
    }

    public struct RectInt32
    {
        public RectInt32(int x, int y, int width, int height)
        {
            X = x;
            Y = y;
            Width = width;
            Height = height;
        }

        public RectInt32(int x, int y, SizeInt32 size)
            : this(x, y, size.Width, size.Height)
        {
        }

        public int X { get; set; }

        public int Y { get; set; }

        public int Width { get; set; }

        public int Height { get; set; }

        // Not readonly in Paint.NET either (its setter moves the rectangle).
        public Point2Int32 Location
        {
            get => new(X, Y);
            set => (X, Y) = (value.X, value.Y);
        }

        public SizeInt32 Size
        {
            readonly get => new(Width, Height);
            set => (Width, Height) = (value.Width, value.Height);
        }
    }

    public struct Vector2Double
    {
        public Vector2Double(double x, double y)
        {
            X = x;
            Y = y;
        }

        public double X { get; set; }

        public double Y { get; set; }
    }
}
