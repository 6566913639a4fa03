using HqSam.Core.Imaging;

namespace HqSam.TestModels.Quality;

/// <summary>The kinds of boundary a soft edge is judged on.</summary>
public enum SoftEdgeKind
{
    /// <summary>An antialiased hard edge (under a pixel wide): a soft edge must not make it worse.</summary>
    Hard,

    /// <summary>Out of focus: the object's coverage blurred (Gaussian, sigma about 0.3 % of the image's width).</summary>
    Blurred,

    /// <summary>Hair-like: strands under a pixel to two pixels wide leave the body, drawn with their true partial coverage.</summary>
    Hair,

    /// <summary>Moved during the exposure: the coverage smeared sideways (a box about 0.75 % of the width long).</summary>
    MotionBlurred,
}

/// <summary>
/// A real photograph composited over another through a known soft alpha (I = alpha F + (1 - alpha) B),
/// and the binary mask a perfect segmenter would give (alpha at least one half): the soft-edge
/// benchmark's scene. The seed varies the outline, so scenes for tuning and for judging differ.
/// </summary>
public sealed record SoftEdgeScene(string Name, SoftEdgeKind Kind, BgraImage Image, float[] Alpha, byte[] Mask)
{
    /// <summary>Photograph pairs for tuning (never judged on) and for judging (never tuned on).</summary>
    public static readonly (string Foreground, string Background)[] TuningPairs = [("coffee.jpg", "astronaut.jpg"), ("chelsea.jpg", "rocket.jpg")];

    public static readonly (string Foreground, string Background)[] JudgingPairs = [("rocket.jpg", "coffee.jpg"), ("astronaut.jpg", "chelsea.jpg"), ("chelsea.jpg", "coffee.jpg")];

    private const int Supersample = 4;

    public static SoftEdgeScene Build(string foreground, string background, int width, int height, SoftEdgeKind kind, int seed)
    {
        float[] alpha = kind switch
        {
            SoftEdgeKind.Hard => Coverage(width, height, seed, hair: false),
            SoftEdgeKind.Blurred => Gaussian(Coverage(width, height, seed, hair: false), width, height, 0.003 * width),
            SoftEdgeKind.Hair => Coverage(width, height, seed, hair: true),
            _ => BoxRows(Coverage(width, height, seed, hair: false), width, height, (int)Math.Round(0.0075 * width)),
        };

        BgraImage fg = PhotoScene.LoadPhoto(foreground), bg = PhotoScene.LoadPhoto(background);
        var pixels = new byte[width * height * 4];
        int offX = fg.Width / 3, offY = fg.Height / 5;
        Parallel.For(0, height, y =>
        {
            ReadOnlySpan<byte> bgRow = bg.GetRow(PhotoScene.Mirror(y, bg.Height)), fgRow = fg.GetRow(PhotoScene.Mirror(y + offY, fg.Height));
            for (int x = 0; x < width; x++)
            {
                float a = alpha[(y * width) + x];
                int b = PhotoScene.Mirror(x, bg.Width) * 4, f = PhotoScene.Mirror(x + offX, fg.Width) * 4, o = ((y * width) + x) * 4;
                for (int c = 0; c < 3; c++)
                {
                    pixels[o + c] = (byte)Math.Round((a * fgRow[f + c]) + ((1 - a) * bgRow[b + c]));
                }

                pixels[o + 3] = 255;
            }
        });

        byte[] mask = [.. alpha.Select(a => a >= 0.5f ? (byte)255 : (byte)0)];
        return new SoftEdgeScene($"{Path.GetFileNameWithoutExtension(foreground)} on {Path.GetFileNameWithoutExtension(background)}, {kind}", kind, new BgraImage(width, height, pixels), alpha, mask);
    }

    /// <summary>The body's (and with <paramref name="hair"/> its strands') coverage of each pixel, from 4 x 4 samples.</summary>
    private static float[] Coverage(int width, int height, int seed, bool hair)
    {
        var rng = new Random(seed);
        double cx = width * (0.45 + (0.1 * rng.NextDouble())), cy = height * (0.45 + (0.1 * rng.NextDouble()));
        double r = 0.28 * Math.Min(width, height);
        double p3 = rng.NextDouble() * 6, p5 = rng.NextDouble() * 6;
        var strands = Enumerable.Range(0, 60).Select(_ => (
            Angle: rng.NextDouble() * 2 * Math.PI,
            Length: r * (0.1 + (0.25 * rng.NextDouble())),
            Bend: (rng.NextDouble() - 0.5) * 0.6,
            Width: 0.4 + (1.4 * rng.NextDouble()))).ToArray();
        var alpha = new float[width * height];
        Parallel.For(0, height, y =>
        {
            for (int x = 0; x < width; x++)
            {
                int inside = 0;
                for (int sy = 0; sy < Supersample; sy++)
                {
                    for (int sx = 0; sx < Supersample; sx++)
                    {
                        double px = x + ((sx + 0.5) / Supersample) - cx, py = y + ((sy + 0.5) / Supersample) - cy;
                        double rho = Math.Sqrt((px * px) + (py * py)), theta = Math.Atan2(py, px);
                        double edge = r * (1 + (0.1 * Math.Sin((3 * theta) + p3)) + (0.05 * Math.Cos((5 * theta) + p5)));
                        bool hit = rho < edge;
                        if (hair && !hit && rho < r * 1.5)
                        {
                            foreach (var s in strands)
                            {
                                double along = (px * Math.Cos(s.Angle)) + (py * Math.Sin(s.Angle)) - (r * 0.9);
                                double across = (-px * Math.Sin(s.Angle)) + (py * Math.Cos(s.Angle)) - (s.Bend * along * along / s.Length);
                                if (along > 0 && along < s.Length && Math.Abs(across) < 0.5 * s.Width)
                                {
                                    hit = true;
                                    break;
                                }
                            }
                        }

                        inside += hit ? 1 : 0;
                    }
                }

                alpha[(y * width) + x] = inside / (float)(Supersample * Supersample);
            }
        });

        return alpha;
    }

    private static float[] Gaussian(float[] alpha, int width, int height, double sigma)
    {
        int radius = (int)Math.Ceiling(3 * sigma);
        float[] kernel = [.. Enumerable.Range(-radius, (2 * radius) + 1).Select(i => (float)Math.Exp(-i * i / (2 * sigma * sigma)))];
        float sum = kernel.Sum();
        for (int i = 0; i < kernel.Length; i++)
        {
            kernel[i] /= sum;
        }

        float[] rows = Convolve(alpha, width, height, kernel, horizontal: true);
        return Convolve(rows, width, height, kernel, horizontal: false);
    }

    private static float[] BoxRows(float[] alpha, int width, int height, int length)
    {
        float[] kernel = [.. Enumerable.Repeat(1f / length, length)];
        return Convolve(alpha, width, height, kernel, horizontal: true);
    }

    /// <summary>A kernel along rows or columns, the border pixel repeated.</summary>
    private static float[] Convolve(float[] source, int width, int height, float[] kernel, bool horizontal)
    {
        var result = new float[source.Length];
        int half = kernel.Length / 2;
        Parallel.For(0, height, y =>
        {
            for (int x = 0; x < width; x++)
            {
                float s = 0;
                for (int k = 0; k < kernel.Length; k++)
                {
                    int sx = horizontal ? Math.Clamp(x + k - half, 0, width - 1) : x;
                    int sy = horizontal ? y : Math.Clamp(y + k - half, 0, height - 1);
                    s += kernel[k] * source[(sy * width) + sx];
                }

                result[(y * width) + x] = s;
            }
        });

        return result;
    }
}
