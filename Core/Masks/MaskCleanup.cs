using HqSam.Core.Contract;

namespace HqSam.Core.Masks;

/// <summary>
/// SAM 2's own post-processing on the 256² logits: background components (8-connected) up to an area
/// become foreground (holes filled), foreground components up to an area become background (specks
/// removed). Done before upsampling, on 65,536 cells, so it costs the same at any image size.
/// </summary>
internal static class MaskCleanup
{
    private const int Side = SamContract.LowResSize;

    /// <param name="maxHoleCells">Largest hole to fill, in 256² cells (0: none).</param>
    /// <param name="maxSpeckCells">Largest speck to remove, in 256² cells (0: none).</param>
    public static void Apply(Span<float> logits, int maxHoleCells, int maxSpeckCells)
    {
        if (maxHoleCells > 0)
        {
            Relabel(logits, foreground: false, maxHoleCells, 0.1f);
        }

        if (maxSpeckCells > 0)
        {
            Relabel(logits, foreground: true, maxSpeckCells, -0.1f);
        }
    }

    /// <summary>Converts an area in source pixels to 256² cells for an image of the given size.</summary>
    public static int CellsFor(long sourcePixels, int width, int height) =>
        (int)Math.Min(Side * Side, Math.Floor(sourcePixels * (double)Side * Side / ((double)width * height)));

    private static void Relabel(Span<float> logits, bool foreground, int maxArea, float newValue)
    {
        var seen = new bool[Side * Side];
        var component = new List<int>();
        var stack = new Stack<int>();
        for (int start = 0; start < seen.Length; start++)
        {
            if (seen[start] || (logits[start] > 0) != foreground)
            {
                continue;
            }

            component.Clear();
            stack.Push(start);
            seen[start] = true;
            while (stack.Count > 0)
            {
                int i = stack.Pop();
                component.Add(i);
                int x = i % Side, y = i / Side;
                for (int dy = -1; dy <= 1; dy++)
                {
                    for (int dx = -1; dx <= 1; dx++)
                    {
                        int nx = x + dx, ny = y + dy;
                        if ((dx | dy) == 0 || nx < 0 || ny < 0 || nx >= Side || ny >= Side)
                        {
                            continue;
                        }

                        int j = (ny * Side) + nx;
                        if (!seen[j] && (logits[j] > 0) == foreground)
                        {
                            seen[j] = true;
                            stack.Push(j);
                        }
                    }
                }
            }

            if (component.Count <= maxArea)
            {
                foreach (int i in component)
                {
                    logits[i] = newValue;
                }
            }
        }
    }
}
