namespace HqSam.TestModels.Quality;

/// <summary>
/// One alpha estimate on one <see cref="SoftEdgeScene"/>, scored against the true alpha over the pixels
/// near the boundary (within <see cref="Reach"/> of a partly covered pixel or of the mask's edge):
/// the mean absolute alpha error and the mean gradient error (central differences), both in alpha units.
/// </summary>
public sealed record SoftEdgeResult(string Method, double AlphaError, double GradientError)
{
    public const int Reach = 16;

    public static byte[] Region(SoftEdgeScene scene)
    {
        int w = scene.Image.Width, h = scene.Image.Height;
        var seeds = new byte[w * h];
        for (int y = 0; y < h; y++)
        {
            for (int x = 0; x < w; x++)
            {
                int i = (y * w) + x;
                float a = scene.Alpha[i];
                bool edge = x + 1 < w && scene.Mask[i] != scene.Mask[i + 1] || y + 1 < h && scene.Mask[i] != scene.Mask[i + w];
                seeds[i] = (a > 0 && a < 1) || edge ? (byte)255 : (byte)0;
            }
        }

        HqSam.Core.Masks.MaskMorphology.Apply(seeds, w, h, Reach);
        return seeds;
    }

    public static SoftEdgeResult Score(string method, SoftEdgeScene scene, float[] estimate, byte[] region)
    {
        int w = scene.Image.Width, h = scene.Image.Height;
        double alphaError = 0, gradientError = 0;
        long count = 0;
        for (int y = 1; y < h - 1; y++)
        {
            for (int x = 1; x < w - 1; x++)
            {
                int i = (y * w) + x;
                if (region[i] == 0)
                {
                    continue;
                }

                alphaError += Math.Abs(estimate[i] - scene.Alpha[i]);
                double gx = ((estimate[i + 1] - estimate[i - 1]) - (scene.Alpha[i + 1] - scene.Alpha[i - 1])) / 2;
                double gy = ((estimate[i + w] - estimate[i - w]) - (scene.Alpha[i + w] - scene.Alpha[i - w])) / 2;
                gradientError += Math.Sqrt((gx * gx) + (gy * gy));
                count++;
            }
        }

        return new SoftEdgeResult(method, alphaError / count, gradientError / count);
    }
}
