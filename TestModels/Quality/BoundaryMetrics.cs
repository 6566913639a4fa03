using HqSam.Core.Masks;

namespace HqSam.TestModels.Quality;

/// <summary>Boundary F-score: how many boundary pixels of one mask lie within d pixels of the other's, both ways.</summary>
public static class BoundaryMetrics
{
    public static double FScore(byte[] predicted, byte[] truth, int width, int height, int tolerance)
    {
        byte[] pb = Boundary(predicted, width, height), tb = Boundary(truth, width, height);
        byte[] pbNear = (byte[])pb.Clone(), tbNear = (byte[])tb.Clone();
        MaskMorphology.Apply(pbNear, width, height, tolerance);
        MaskMorphology.Apply(tbNear, width, height, tolerance);
        long pCount = 0, pHit = 0, tCount = 0, tHit = 0;
        for (int i = 0; i < pb.Length; i++)
        {
            if (pb[i] != 0)
            {
                pCount++;
                pHit += tbNear[i] != 0 ? 1 : 0;
            }

            if (tb[i] != 0)
            {
                tCount++;
                tHit += pbNear[i] != 0 ? 1 : 0;
            }
        }

        double precision = pCount == 0 ? 1 : (double)pHit / pCount, recall = tCount == 0 ? 1 : (double)tHit / tCount;
        return precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
    }

    private static byte[] Boundary(byte[] mask, int w, int h)
    {
        var b = new byte[mask.Length];
        for (int y = 0; y < h; y++)
        {
            for (int x = 0; x < w; x++)
            {
                int i = (y * w) + x;
                bool on = mask[i] != 0;
                if (on && ((x > 0 && mask[i - 1] == 0) || (x + 1 < w && mask[i + 1] == 0) || (y > 0 && mask[i - w] == 0) || (y + 1 < h && mask[i + w] == 0)))
                {
                    b[i] = 255;
                }
            }
        }

        return b;
    }
}
