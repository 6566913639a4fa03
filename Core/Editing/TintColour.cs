using HqSam.Core.Imaging;

namespace HqSam.Core.Editing;

/// <summary>
/// The colour a preview tints and outlines the selection with. A fixed blue hides a blue object, so
/// the tint is picked from a few saturated candidates as the one farthest (in RGB) from the
/// selection's mean colour.
/// </summary>
public readonly record struct TintColour(byte R, byte G, byte B)
{
    /// <summary>Azure blue: the usual choice, kept whenever the object is not itself bluish.</summary>
    public static TintColour Default { get; } = new(30, 144, 255);

    // The default first: another candidate wins only when clearly farther away than it.
    private static readonly TintColour[] Candidates = [Default, new(255, 0, 200), new(0, 210, 60), new(255, 140, 0)];

    /// <summary>
    /// The candidate that contrasts most with the pixels where <paramref name="coverage"/> is 128 or
    /// more. The layer is sampled on a grid of about 256 x 256 points, so the cost does not grow with
    /// the image. With nothing selected, <see cref="Default"/>.
    /// </summary>
    public static TintColour Contrasting(BgraImage layer, ReadOnlySpan<byte> coverage)
    {
        ArgumentNullException.ThrowIfNull(layer);
        int stepX = Math.Max(1, layer.Width / 256), stepY = Math.Max(1, layer.Height / 256);
        long r = 0, g = 0, b = 0, n = 0;
        for (int y = stepY / 2; y < layer.Height; y += stepY)
        {
            ReadOnlySpan<byte> row = layer.GetRow(y);
            ReadOnlySpan<byte> cov = coverage.Slice(y * layer.Width, layer.Width);
            for (int x = stepX / 2; x < layer.Width; x += stepX)
            {
                if (cov[x] >= 128)
                {
                    b += row[x * 4];
                    g += row[(x * 4) + 1];
                    r += row[(x * 4) + 2];
                    n++;
                }
            }
        }

        return n == 0 ? Default : FarthestFrom((int)(r / n), (int)(g / n), (int)(b / n));
    }

    /// <summary>The candidate farthest from a colour; the default unless another is clearly (a quarter) farther than it.</summary>
    public static TintColour FarthestFrom(int r, int g, int b)
    {
        TintColour best = Default;
        long bestDistance = Default.DistanceSquared(r, g, b) * 25 / 16;
        foreach (TintColour candidate in Candidates.AsSpan(1))
        {
            long d = candidate.DistanceSquared(r, g, b);
            if (d > bestDistance)
            {
                (best, bestDistance) = (candidate, d);
            }
        }

        return best;
    }

    private long DistanceSquared(int r, int g, int b) =>
        ((long)(R - r) * (R - r)) + ((long)(G - g) * (G - g)) + ((long)(B - b) * (B - b));
}
