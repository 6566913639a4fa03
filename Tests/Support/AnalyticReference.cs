using HqSam.Core.Contract;
using HqSam.TestModels;

namespace HqSam.Tests.Support;

/// <summary>
/// The analytic test models' definition (the summary of <see cref="TestModelFactory"/>) evaluated
/// directly, loop by loop, without ONNX Runtime or any of HqSam's model code: a reference that a
/// check of that code (<c>hqsam models verify</c>'s parity) can be measured against, where outputs
/// recorded through the same code would agree with it whatever it did.
/// </summary>
internal static class AnalyticReference
{
    private const int Side = 1024;
    private const int Grid = 256;
    private const float Big = 1e6f;

    /// <summary>The encoder: the first three channels of each output are block means of the R, G, B planes; the rest are 0.</summary>
    public static ImageEmbedding Encode(float[] image)
    {
        Assert.HasCount(3 * Side * Side, image);
        var embedding = new ImageEmbedding();
        BlockMeans(image, block: 4, embedding.HighResFeats0);
        BlockMeans(image, block: 8, embedding.HighResFeats1);
        BlockMeans(image, block: 16, embedding.ImageEmbed);
        return embedding;
    }

    /// <summary>The decoder's low-res logits [4, 256, 256] for raw 1024-space prompts (labels 1, 0, and 2, 3 for a box), without a mask input.</summary>
    public static float[] Decode(float[] highResFeats0, float[][] coords, float[] labels)
    {
        // Points at pixel centres, as the SAM 2 export shifts them.
        var points = coords.Select((c, i) => (X: c[0] + 0.5f, Y: c[1] + 0.5f, Label: labels[i])).ToList();
        float x0 = points.Where(p => p.Label == 2).Select(p => p.X).DefaultIfEmpty(-Big).Max();
        float y0 = points.Where(p => p.Label == 2).Select(p => p.Y).DefaultIfEmpty(-Big).Max();
        float x1 = points.Where(p => p.Label == 3).Select(p => p.X).DefaultIfEmpty(Big).Min();
        float y1 = points.Where(p => p.Label == 3).Select(p => p.Y).DefaultIfEmpty(Big).Min();
        if (x1 < Big / 2)
        {
            points.Add(((x0 + x1) / 2, (y0 + y1) / 2, 1)); // a box's centre is one more positive point
        }

        float[] Colour(int cell) => [highResFeats0[cell], highResFeats0[(Grid * Grid) + cell], highResFeats0[(2 * Grid * Grid) + cell]];
        int CellUnder(float x, float y) => (Math.Clamp((int)MathF.Floor(y / 4), 0, Grid - 1) * Grid) + Math.Clamp((int)MathF.Floor(x / 4), 0, Grid - 1);
        var positives = points.Where(p => p.Label == 1).Select(p => Colour(CellUnder(p.X, p.Y))).ToList();
        var negatives = points.Where(p => p.Label == 0).Select(p => Colour(CellUnder(p.X, p.Y))).ToList();

        var logits = new float[4 * Grid * Grid];
        for (int row = 0; row < Grid; row++)
        {
            for (int column = 0; column < Grid; column++)
            {
                int cell = (row * Grid) + column;
                float[] colour = Colour(cell);
                float dPos = positives.Select(c => Distance(colour, c)).DefaultIfEmpty(Big).Min();
                float dNeg = negatives.Select(c => Distance(colour, c)).DefaultIfEmpty(Big).Min();
                float cx = (column + 0.5f) * 4, cy = (row + 0.5f) * 4;
                float inside = Math.Min(Math.Min(cx - x0, x1 - cx), Math.Min(cy - y0, y1 - cy)) * 0.25f * TestModelFactory.LogitScale;
                float Similar(float threshold) => Math.Min(threshold - dPos, dNeg - dPos) * TestModelFactory.LogitScale;
                float[] channels = [Similar(TestModelFactory.TightThreshold), Similar(TestModelFactory.WideThreshold), (colour[0] - colour[2]) * TestModelFactory.LogitScale, Similar(TestModelFactory.HqThreshold)];
                for (int k = 0; k < 4; k++)
                {
                    logits[(k * Grid * Grid) + cell] = Math.Min(channels[k], inside);
                }
            }
        }

        return logits;
    }

    private static float Distance(float[] a, float[] b) =>
        ((a[0] - b[0]) * (a[0] - b[0])) + ((a[1] - b[1]) * (a[1] - b[1])) + ((a[2] - b[2]) * (a[2] - b[2]));

    private static void BlockMeans(float[] image, int block, float[] output)
    {
        int side = Side / block;
        Array.Clear(output);
        for (int channel = 0; channel < 3; channel++)
        {
            for (int by = 0; by < side; by++)
            {
                for (int bx = 0; bx < side; bx++)
                {
                    double sum = 0;
                    for (int y = by * block; y < (by + 1) * block; y++)
                    {
                        for (int x = bx * block; x < (bx + 1) * block; x++)
                        {
                            sum += image[(channel * Side * Side) + (y * Side) + x];
                        }
                    }

                    output[(channel * side * side) + (by * side) + bx] = (float)(sum / (block * block));
                }
            }
        }
    }
}
