namespace HqSam.TestModels.Quality;

/// <summary>Connected components (8-connected object) and holes (4-connected background not touching the border) of a mask.</summary>
public static class MaskTopology
{
    public static (int Components, int Holes) Count(ReadOnlySpan<byte> mask, int width, int height)
    {
        var label = new int[width * height];
        var stack = new Stack<int>();
        int components = 0, holes = 0;
        for (int start = 0; start < label.Length; start++)
        {
            if (label[start] != 0)
            {
                continue;
            }

            bool on = mask[start] != 0;
            bool touchesBorder = false;
            label[start] = 1;
            stack.Push(start);
            while (stack.Count > 0)
            {
                int i = stack.Pop();
                int x = i % width, y = i / width;
                touchesBorder |= x == 0 || y == 0 || x == width - 1 || y == height - 1;
                for (int dy = -1; dy <= 1; dy++)
                {
                    for (int dx = -1; dx <= 1; dx++)
                    {
                        // Objects join through corners; background only through edges.
                        if ((dx == 0 && dy == 0) || (!on && dx != 0 && dy != 0))
                        {
                            continue;
                        }

                        int nx = x + dx, ny = y + dy;
                        int n = (ny * width) + nx;
                        if ((uint)nx < (uint)width && (uint)ny < (uint)height && label[n] == 0 && (mask[n] != 0) == on)
                        {
                            label[n] = 1;
                            stack.Push(n);
                        }
                    }
                }
            }

            if (on)
            {
                components++;
            }
            else if (!touchesBorder)
            {
                holes++;
            }
        }

        return (components, holes);
    }

    public static double IoU(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b)
    {
        long both = 0, either = 0;
        for (int i = 0; i < a.Length; i++)
        {
            bool x = a[i] >= 128, y = b[i] >= 128;
            both += x && y ? 1 : 0;
            either += x || y ? 1 : 0;
        }

        return either == 0 ? 1 : (double)both / either;
    }
}
