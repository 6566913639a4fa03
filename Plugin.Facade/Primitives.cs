// Facade: see Facade.md. Paint.NET's primitives used by the adapter (PaintDotNet.Primitives.dll, PaintDotNet.Fundamentals.dll).
namespace PaintDotNet
{
    public readonly struct Pair<T, U>(T first, U second)
    {
        public T First { get; } = first;

        public U Second { get; } = second;
    }

    public static class Pair
    {
        public static Pair<T, U> Create<T, U>(T first, U second) => new(first, second);
    }
}

namespace PaintDotNet.Rendering
{
    public readonly record struct PointInt32(int X, int Y);

    public readonly record struct SizeInt32(int Width, int Height);

    public readonly record struct RectInt32(int X, int Y, int Width, int Height)
    {
        public RectInt32(int x, int y, SizeInt32 size)
            : this(x, y, size.Width, size.Height)
        {
        }

        public PointInt32 Location => new(X, Y);

        public SizeInt32 Size => new(Width, Height);
    }
}
