using HqSam.Core.Imaging;
using HqSam.Core.Masks;

namespace HqSam.TestModels.Quality;

/// <summary>
/// The soft edge written out plainly: He, Sun and Tang's guided filter (colour guide) over the whole
/// image, applied to the binary mask, used only in the band within <c>width</c> pixels of the mask's
/// edge (binary elsewhere). The benchmark tunes and judges with it (any epsilon and radius); with
/// <see cref="SoftEdge"/>'s settings it is the reference the tiled kernel is tested against.
/// </summary>
public static class GuidedAlpha
{
    public static float[] Estimate(BgraImage image, byte[] mask, int width, float epsilon = SoftEdge.Epsilon, int? radius = null)
    {
        int w = image.Width, h = image.Height, n = w * h, r = radius ?? SoftEdge.RadiusFor(width);
        var I = new float[3][];
        for (int c = 0; c < 3; c++)
        {
            I[c] = new float[n];
        }

        var p = new float[n];
        for (int y = 0; y < h; y++)
        {
            ReadOnlySpan<byte> row = image.GetRow(y);
            for (int x = 0; x < w; x++)
            {
                int i = (y * w) + x;
                I[0][i] = row[(x * 4) + 2] / 255f;
                I[1][i] = row[(x * 4) + 1] / 255f;
                I[2][i] = row[x * 4] / 255f;
                p[i] = mask[i] >= 128 ? 1f : 0f;
            }
        }

        float[][] meanI = [.. I.Select(c => Box(c, w, h, r))];
        float[] meanP = Box(p, w, h, r);
        float[][] covIp = new float[3][];
        for (int c = 0; c < 3; c++)
        {
            float[] ip = Box(Multiply(I[c], p), w, h, r);
            covIp[c] = new float[n];
            for (int i = 0; i < n; i++)
            {
                covIp[c][i] = ip[i] - (meanI[c][i] * meanP[i]);
            }
        }

        // The guide's covariance per window: six distinct entries.
        (int A, int B)[] pairs = [(0, 0), (0, 1), (0, 2), (1, 1), (1, 2), (2, 2)];
        float[][] var = new float[6][];
        for (int k = 0; k < 6; k++)
        {
            (int a, int b) = pairs[k];
            float[] m = Box(Multiply(I[a], I[b]), w, h, r);
            var[k] = new float[n];
            for (int i = 0; i < n; i++)
            {
                var[k][i] = m[i] - (meanI[a][i] * meanI[b][i]) + (a == b ? epsilon : 0);
            }
        }

        float[][] coeffA = [new float[n], new float[n], new float[n]];
        var coeffB = new float[n];
        for (int i = 0; i < n; i++)
        {
            double s00 = var[0][i], s01 = var[1][i], s02 = var[2][i], s11 = var[3][i], s12 = var[4][i], s22 = var[5][i];
            // The symmetric 3 x 3 inverse by cofactors.
            double c00 = (s11 * s22) - (s12 * s12), c01 = (s02 * s12) - (s01 * s22), c02 = (s01 * s12) - (s02 * s11);
            double c11 = (s00 * s22) - (s02 * s02), c12 = (s01 * s02) - (s00 * s12), c22 = (s00 * s11) - (s01 * s01);
            double det = (s00 * c00) + (s01 * c01) + (s02 * c02);
            double v0 = covIp[0][i], v1 = covIp[1][i], v2 = covIp[2][i];
            double a0 = ((c00 * v0) + (c01 * v1) + (c02 * v2)) / det;
            double a1 = ((c01 * v0) + (c11 * v1) + (c12 * v2)) / det;
            double a2 = ((c02 * v0) + (c12 * v1) + (c22 * v2)) / det;
            (coeffA[0][i], coeffA[1][i], coeffA[2][i]) = ((float)a0, (float)a1, (float)a2);
            coeffB[i] = (float)(meanP[i] - (a0 * meanI[0][i]) - (a1 * meanI[1][i]) - (a2 * meanI[2][i]));
        }

        float[][] meanA = [.. coeffA.Select(a => Box(a, w, h, r))];
        float[] meanB = Box(coeffB, w, h, r);
        // The band: pixels whose window of radius `width` holds both selected and unselected pixels,
        // counted exactly with a summed-area table.
        var table = new long[(w + 1) * (h + 1)];
        for (int y = 0; y < h; y++)
        {
            for (int x = 0; x < w; x++)
            {
                table[((y + 1) * (w + 1)) + x + 1] = (p[(y * w) + x] > 0 ? 1 : 0) + table[(y * (w + 1)) + x + 1] + table[((y + 1) * (w + 1)) + x] - table[(y * (w + 1)) + x];
            }
        }

        var alpha = new float[n];
        for (int i = 0; i < n; i++)
        {
            int x = i % w, y = i / w;
            int x0 = Math.Max(0, x - width), x1 = Math.Min(w, x + width + 1), y0 = Math.Max(0, y - width), y1 = Math.Min(h, y + width + 1);
            long selected = table[(y1 * (w + 1)) + x1] - table[(y0 * (w + 1)) + x1] - table[(y1 * (w + 1)) + x0] + table[(y0 * (w + 1)) + x0];
            alpha[i] = selected == 0 || selected == (long)(x1 - x0) * (y1 - y0)
                ? p[i]
                : Math.Clamp((meanA[0][i] * I[0][i]) + (meanA[1][i] * I[1][i]) + (meanA[2][i] * I[2][i]) + meanB[i], 0f, 1f);
        }

        return alpha;
    }

    private static float[] Multiply(float[] a, float[] b)
    {
        var m = new float[a.Length];
        for (int i = 0; i < m.Length; i++)
        {
            m[i] = a[i] * b[i];
        }

        return m;
    }

    /// <summary>The mean over the (2r+1)² window clipped to the image, by running sums along rows then columns.</summary>
    private static float[] Box(float[] source, int w, int h, int r)
    {
        var rows = new float[source.Length];
        Parallel.For(0, h, y =>
        {
            double sum = 0;
            int o = y * w;
            for (int x = 0; x <= Math.Min(r, w - 1); x++)
            {
                sum += source[o + x];
            }

            for (int x = 0; x < w; x++)
            {
                int lo = Math.Max(0, x - r), hi = Math.Min(w - 1, x + r);
                rows[o + x] = (float)(sum / (hi - lo + 1));
                if (x + r + 1 < w)
                {
                    sum += source[o + x + r + 1];
                }

                if (x - r >= 0)
                {
                    sum -= source[o + x - r];
                }
            }
        });

        var result = new float[source.Length];
        Parallel.For(0, w, x =>
        {
            double sum = 0;
            for (int y = 0; y <= Math.Min(r, h - 1); y++)
            {
                sum += rows[(y * w) + x];
            }

            for (int y = 0; y < h; y++)
            {
                int lo = Math.Max(0, y - r), hi = Math.Min(h - 1, y + r);
                result[(y * w) + x] = (float)(sum / (hi - lo + 1));
                if (y + r + 1 < h)
                {
                    sum += rows[((y + r + 1) * w) + x];
                }

                if (y - r >= 0)
                {
                    sum -= rows[((y - r) * w) + x];
                }
            }
        });

        return result;
    }
}
