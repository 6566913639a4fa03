namespace HqSam.Core.Masks;

/// <summary>
/// Grows (dilates) or shrinks (erodes) a coverage mask by N pixels with a square structuring element,
/// separably, using the van Herk / Gil-Werman running maximum: three comparisons per pixel whatever
/// the radius, so 50 px at 24 MP costs the same as 1 px. Shrinking is growing the complement; outside
/// the canvas is neutral, so shrinking does not pull a selection away from the canvas edge.
/// </summary>
public static class MaskMorphology
{
    /// <param name="radius">Pixels to grow (positive) or shrink (negative); 0 leaves the mask as it is.</param>
    public static void Apply(Span<byte> mask, int width, int height, int radius)
    {
        if (radius == 0)
        {
            return;
        }

        bool shrink = radius < 0;
        int r = Math.Abs(radius);
        if (shrink)
        {
            Complement(mask);
        }

        var filter = new MaxFilter(Math.Max(width, height), r);
        var line = new byte[Math.Max(width, height)];
        for (int y = 0; y < height; y++)
        {
            Span<byte> row = mask.Slice(y * width, width);
            filter.Run(row, row);
        }

        for (int x = 0; x < width; x++)
        {
            Span<byte> column = line.AsSpan(0, height);
            for (int y = 0; y < height; y++)
            {
                column[y] = mask[(y * width) + x];
            }

            filter.Run(column, column);
            for (int y = 0; y < height; y++)
            {
                mask[(y * width) + x] = column[y];
            }
        }

        if (shrink)
        {
            Complement(mask);
        }
    }

    private static void Complement(Span<byte> mask)
    {
        for (int i = 0; i < mask.Length; i++)
        {
            mask[i] = (byte)(255 - mask[i]);
        }
    }

    /// <summary>
    /// <c>output[i] = max(input[i - r .. i + r])</c>, outside the line counting as 0. The line is padded
    /// with r zeros each side so every window is exactly one block long: it is then either one whole
    /// block or the tail of one block and the head of the next.
    /// </summary>
    internal sealed class MaxFilter(int maxLength, int r)
    {
        private readonly byte[] _padded = new byte[maxLength + (2 * r)];
        private readonly byte[] _prefix = new byte[maxLength + (2 * r)];
        private readonly byte[] _suffix = new byte[maxLength + (2 * r)];

        /// <summary>Input and output may be the same span.</summary>
        public void Run(ReadOnlySpan<byte> input, Span<byte> output)
        {
            int n = input.Length;
            int total = n + (2 * r);
            int block = (2 * r) + 1;
            Span<byte> padded = _padded.AsSpan(0, total);
            padded[..r].Clear();
            input.CopyTo(padded[r..]);
            padded[(r + n)..].Clear();

            for (int start = 0; start < total; start += block)
            {
                int end = Math.Min(start + block, total);
                _prefix[start] = padded[start];
                for (int i = start + 1; i < end; i++)
                {
                    _prefix[i] = Math.Max(_prefix[i - 1], padded[i]);
                }

                _suffix[end - 1] = padded[end - 1];
                for (int i = end - 2; i >= start; i--)
                {
                    _suffix[i] = Math.Max(_suffix[i + 1], padded[i]);
                }
            }

            for (int i = 0; i < n; i++)
            {
                output[i] = Math.Max(_suffix[i], _prefix[i + block - 1]);
            }
        }
    }
}
