using HqSam.Core.Contract;
using HqSam.Core.Imaging;
using SkiaSharp;

namespace HqSam.TestModels.Quality;

/// <summary>How the object's outline is drawn.</summary>
public enum OutlineKind
{
    /// <summary>A smooth blob: what a model at 256² nearly gets right.</summary>
    Smooth,

    /// <summary>The blob with detail below a logit cell: thin spikes, hair-like strands, small holes.</summary>
    Detail,

    /// <summary>The smooth blob, with a band of one flat colour across it, inside and out: part of the edge has no image edge.</summary>
    FlatCrossing,

    /// <summary>The smooth blob at 1.5% of the image's shorter side: a small object, a few logit cells across.</summary>
    Small,
}

/// <summary>What the model says at 256².</summary>
public enum LogitKind
{
    /// <summary>The best a 256² model can say: the truth's area average per logit cell.</summary>
    Ideal,

    /// <summary>The ideal logits a third of a cell off, as a model that misplaces an edge.</summary>
    Shifted,

    /// <summary>The ideal coverage blurred over neighbouring cells: soft, uncertain edges.</summary>
    Blurred,
}

/// <summary>
/// One quality scene: a real photograph with another real photograph composited inside a known
/// outline (so the true mask is exact at full resolution), and the 256² logits a model would give.
/// Photos are mirror-tiled at their own resolution, so texture is real at pixel level at any size.
/// </summary>
public sealed record PhotoScene(string Name, BgraImage Image, byte[] Truth, float[] Logits)
{
    public const float LogitScale = 20f;

    /// <summary>Foreground and background photographs, taken in turn by the benchmark's scenes (and the tests' 2 MP subset).</summary>
    public static readonly (string Foreground, string Background)[] Pairs =
        [("coffee.jpg", "astronaut.jpg"), ("chelsea.jpg", "rocket.jpg"), ("rocket.jpg", "coffee.jpg"), ("astronaut.jpg", "chelsea.jpg")];
    private const int Grid = SamContract.LowResSize;

    /// <summary>The committed photographs (samples/photos, sources and licences in SOURCES.md).</summary>
    public static string PhotoFolder()
    {
        for (string? dir = AppContext.BaseDirectory; dir is not null; dir = Path.GetDirectoryName(dir))
        {
            string candidate = Path.Combine(dir, "samples", "photos");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException("samples/photos not found above " + AppContext.BaseDirectory);
    }

    public static PhotoScene Build(string foreground, string background, int width, int height, OutlineKind outline, LogitKind logits)
    {
        byte[] truth = Outline(width, height, outline);
        byte[] pixels = Compose(foreground, background, truth, width, height);
        if (outline == OutlineKind.FlatCrossing)
        {
            // One flat colour across the object's middle, inside and out: no image edge there.
            int y0 = (int)(height * 0.42), y1 = (int)(height * 0.58);
            for (int y = y0; y < y1; y++)
            {
                for (int x = 0; x < width; x++)
                {
                    int o = ((y * width) + x) * 4;
                    (pixels[o], pixels[o + 1], pixels[o + 2]) = (140, 130, 120);
                }
            }
        }

        var image = new BgraImage(width, height, pixels);
        return new PhotoScene($"{Path.GetFileNameWithoutExtension(foreground)} on {Path.GetFileNameWithoutExtension(background)}, {outline}, {width * (long)height / 1e6:0} MP, {logits} logits", image, truth, LogitsFor(truth, width, height, logits));
    }


    /// <summary>BGRA pixels: <paramref name="foreground"/> where <paramref name="truth"/> is set, <paramref name="background"/> elsewhere, with a one-pixel soft edge.</summary>
    public static byte[] Compose(string foreground, string background, byte[] truth, int width, int height)
    {
        BgraImage fg = LoadPhoto(foreground), bg = LoadPhoto(background);
        var pixels = new byte[width * height * 4];
        int offX = fg.Width / 3, offY = fg.Height / 5;
        Parallel.For(0, height, y =>
        {
            ReadOnlySpan<byte> bgRow = bg.GetRow(Mirror(y, bg.Height)), fgRow = fg.GetRow(Mirror(y + offY, fg.Height));
            for (int x = 0; x < width; x++)
            {
                // A one-pixel soft edge, as a lens draws it: the truth's 3x3 average mixes the two photos.
                int cover = 0, n = 0;
                for (int dy = -1; dy <= 1; dy++)
                {
                    for (int dx = -1; dx <= 1; dx++)
                    {
                        int nx = x + dx, ny = y + dy;
                        if ((uint)nx < (uint)width && (uint)ny < (uint)height)
                        {
                            cover += truth[(ny * width) + nx] != 0 ? 1 : 0;
                            n++;
                        }
                    }
                }

                int b = Mirror(x, bg.Width) * 4, f = Mirror(x + offX, fg.Width) * 4, o = ((y * width) + x) * 4;
                for (int c = 0; c < 3; c++)
                {
                    pixels[o + c] = (byte)(((bgRow[b + c] * (n - cover)) + (fgRow[f + c] * cover) + (n / 2)) / n);
                }

                pixels[o + 3] = 255;
            }
        });

        return pixels;
    }

    internal static int Mirror(int i, int n)
    {
        int period = 2 * n;
        int k = ((i % period) + period) % period;
        return k < n ? k : period - 1 - k;
    }

    internal static BgraImage LoadPhoto(string name)
    {
        string path = Path.Combine(PhotoFolder(), name);
        using SKBitmap decoded = SKBitmap.Decode(path) ?? throw new InvalidDataException(path + " is not an image");
        using SKBitmap bgra = decoded.Copy(SKColorType.Bgra8888);
        return new BgraImage(bgra.Width, bgra.Height, bgra.Bytes);
    }

    /// <summary>The exact object mask at full resolution (255 inside).</summary>
    public static byte[] Outline(int width, int height, OutlineKind outline)
    {
        var truth = new byte[width * height];
        double cx = width / 2.0, cy = height / 2.0, r = (outline == OutlineKind.Small ? 0.015 : 0.3) * Math.Min(width, height);
        double cell = Math.Max(width, height) / (double)Grid;
        var rng = new Random(7);
        var spikes = Enumerable.Range(0, 9).Select(k => (Angle: (k * 2 * Math.PI / 9) + (rng.NextDouble() * 0.3), Length: cell * (2.5 + rng.NextDouble()), Width: cell * (0.3 + (0.3 * rng.NextDouble())))).ToArray();
        var strands = Enumerable.Range(0, 14).Select(k => (Angle: (k * 2 * Math.PI / 14) + 0.2, Length: cell * (2 + (2 * rng.NextDouble())), Bend: (rng.NextDouble() - 0.5) * 0.8, Width: Math.Max(1.2, cell * 0.12))).ToArray();
        var holes = Enumerable.Range(0, 8).Select(k =>
        {
            double a = k * 2 * Math.PI / 8, d = r * (k % 2 == 0 ? 0.55 : 0.85);
            return (X: cx + (d * Math.Cos(a)), Y: cy + (d * Math.Sin(a)), R: cell * (0.25 + (0.2 * rng.NextDouble())));
        }).ToArray();

        Parallel.For(0, height, y =>
        {
            for (int x = 0; x < width; x++)
            {
                double px = x + 0.5 - cx, py = y + 0.5 - cy;
                double rho = Math.Sqrt((px * px) + (py * py)), theta = Math.Atan2(py, px);
                double edge = r * (1 + (0.12 * Math.Sin(3 * theta)) + (0.06 * Math.Cos((5 * theta) + 1)));
                bool inside = rho < edge;
                if (outline == OutlineKind.Detail)
                {
                    foreach (var s in spikes)
                    {
                        // A thin triangle from the edge outwards, tapering to a point.
                        double along = (px * Math.Cos(s.Angle)) + (py * Math.Sin(s.Angle)) - (r * 0.85);
                        double across = Math.Abs((-px * Math.Sin(s.Angle)) + (py * Math.Cos(s.Angle)));
                        inside |= along > 0 && along < s.Length && across < 0.5 * s.Width * (1 - (along / s.Length));
                    }

                    foreach (var s in strands)
                    {
                        // A bent hair: its centre line drifts sideways as it leaves the edge.
                        double along = (px * Math.Cos(s.Angle)) + (py * Math.Sin(s.Angle)) - (r * 0.9);
                        double across = (-px * Math.Sin(s.Angle)) + (py * Math.Cos(s.Angle)) - (s.Bend * along * along / s.Length);
                        inside |= along > 0 && along < s.Length && Math.Abs(across) < 0.5 * s.Width;
                    }

                    foreach (var hole in holes)
                    {
                        double hx = x + 0.5 - hole.X, hy = y + 0.5 - hole.Y;
                        inside &= (hx * hx) + (hy * hy) >= hole.R * hole.R;
                    }
                }

                truth[(y * width) + x] = inside ? (byte)255 : (byte)0;
            }
        });

        return truth;
    }

    /// <summary>The truth's coverage per logit cell (the cell grid the upsampler uses), degraded as asked, as logits.</summary>
    public static float[] LogitsFor(byte[] truth, int width, int height, LogitKind kind)
    {
        double cellW = width / (double)Grid, cellH = height / (double)Grid;
        int shiftX = kind == LogitKind.Shifted ? (int)Math.Round(cellW / 3) : 0, shiftY = kind == LogitKind.Shifted ? (int)Math.Round(cellH / 3) : 0;
        var coverage = new float[Grid * Grid];
        Parallel.For(0, Grid, j =>
        {
            int y0 = (int)(j * cellH), y1 = j + 1 < Grid ? (int)((j + 1) * cellH) : height;
            for (int i = 0; i < Grid; i++)
            {
                int x0 = (int)(i * cellW), x1 = i + 1 < Grid ? (int)((i + 1) * cellW) : width;
                long on = 0, n = 0;
                for (int y = y0; y < y1; y++)
                {
                    int sy = Math.Clamp(y - shiftY, 0, height - 1);
                    for (int x = x0; x < x1; x++)
                    {
                        on += truth[(sy * width) + Math.Clamp(x - shiftX, 0, width - 1)] != 0 ? 1 : 0;
                        n++;
                    }
                }

                coverage[(j * Grid) + i] = n == 0 ? 0 : on / (float)n;
            }
        });

        if (kind == LogitKind.Blurred)
        {
            // A 3x3 binomial blur: the edge spreads over about two cells.
            var blurred = new float[Grid * Grid];
            for (int j = 0; j < Grid; j++)
            {
                for (int i = 0; i < Grid; i++)
                {
                    float sum = 0, weight = 0;
                    for (int dj = -1; dj <= 1; dj++)
                    {
                        for (int di = -1; di <= 1; di++)
                        {
                            int ni = Math.Clamp(i + di, 0, Grid - 1), nj = Math.Clamp(j + dj, 0, Grid - 1);
                            float k = (2 - Math.Abs(di)) * (2 - Math.Abs(dj));
                            sum += k * coverage[(nj * Grid) + ni];
                            weight += k;
                        }
                    }

                    blurred[(j * Grid) + i] = sum / weight;
                }
            }

            coverage = blurred;
        }

        return [.. coverage.Select(c => LogitScale * (c - 0.5f))];
    }
}
