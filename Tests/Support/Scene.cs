using HqSam.Core.Imaging;

namespace HqSam.Tests.Support;

/// <summary>
/// A synthetic picture described in fractions of its size, so one scene renders at any resolution
/// and aspect ratio with an exact truth mask per shape (hard edges, pixel centres sampled).
/// </summary>
public sealed class Scene
{
    private readonly List<Shape> _shapes = [];

    public Scene(byte r, byte g, byte b) => Background = (r, g, b);

    public (byte R, byte G, byte B) Background { get; }

    public IReadOnlyList<Shape> Shapes => _shapes;

    /// <summary>The standard test scene: a red disc, a green rectangle and a small blue square on grey.</summary>
    public static Scene Standard() => new Scene(205, 212, 222)
        .Ellipse(0.32, 0.5, 0.16, 0.2, 215, 40, 35)
        .Rect(0.58, 0.22, 0.9, 0.78, 40, 170, 70)
        .Rect(0.12, 0.8, 0.2, 0.92, 30, 60, 200);

    public Scene Rect(double x0, double y0, double x1, double y1, byte r, byte g, byte b)
    {
        _shapes.Add(new Shape(false, (x0 + x1) / 2, (y0 + y1) / 2, (x1 - x0) / 2, (y1 - y0) / 2, r, g, b));
        return this;
    }

    /// <summary>Centre and radii as fractions of width and height.</summary>
    public Scene Ellipse(double cx, double cy, double rx, double ry, byte r, byte g, byte b)
    {
        _shapes.Add(new Shape(true, cx, cy, rx, ry, r, g, b));
        return this;
    }

    public BgraImage Render(int width, int height)
    {
        var data = new byte[checked(width * height * 4)];
        Parallel.For(0, height, y =>
        {
            for (int x = 0; x < width; x++)
            {
                (byte r, byte g, byte b) = Background;
                int top = TopShape(x, y, width, height);
                if (top >= 0)
                {
                    (r, g, b) = (_shapes[top].R, _shapes[top].G, _shapes[top].B);
                }

                int i = ((y * width) + x) * 4;
                data[i] = b;
                data[i + 1] = g;
                data[i + 2] = r;
                data[i + 3] = 255;
            }
        });
        return new BgraImage(width, height, data);
    }

    /// <summary>255 where shape <paramref name="index"/> is the visible one, else 0.</summary>
    public byte[] Truth(int index, int width, int height)
    {
        var mask = new byte[width * height];
        Parallel.For(0, height, y =>
        {
            for (int x = 0; x < width; x++)
            {
                mask[(y * width) + x] = TopShape(x, y, width, height) == index ? (byte)255 : (byte)0;
            }
        });
        return mask;
    }

    /// <summary>A point well inside shape <paramref name="index"/>, in pixels.</summary>
    public (float X, float Y) Centre(int index, int width, int height) =>
        ((float)(_shapes[index].Cx * width), (float)(_shapes[index].Cy * height));

    private int TopShape(int x, int y, int width, int height)
    {
        double u = (x + 0.5) / width, v = (y + 0.5) / height;
        for (int s = _shapes.Count - 1; s >= 0; s--)
        {
            if (_shapes[s].Contains(u, v))
            {
                return s;
            }
        }

        return -1;
    }

    public sealed record Shape(bool IsEllipse, double Cx, double Cy, double Rx, double Ry, byte R, byte G, byte B)
    {
        public bool Contains(double u, double v)
        {
            double dx = (u - Cx) / Rx, dy = (v - Cy) / Ry;
            return IsEllipse ? (dx * dx) + (dy * dy) <= 1 : Math.Abs(dx) <= 1 && Math.Abs(dy) <= 1;
        }
    }
}
