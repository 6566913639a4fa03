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

        unsafe
        {
            fixed (byte* pinned = mask)
            {
                nint data = (nint)pinned;
                int length = width * height;

                // Rows, then columns, each in bands on all cores with a filter (and column buffer) per band.
                Parallel.For(0, Bands(height), () => new MaxFilter(Math.Max(width, height), r), (band, _, filter) =>
                {
                    var m = new Span<byte>((byte*)data, length);
                    (int from, int to) = Band(band, height);
                    for (int y = from; y < to; y++)
                    {
                        Span<byte> row = m.Slice(y * width, width);
                        filter.Run(row, row);
                    }

                    return filter;
                }, _ => { });

                Parallel.For(0, Bands(width), () => (Filter: new MaxFilter(Math.Max(width, height), r), Line: new byte[height]), (band, _, state) =>
                {
                    var m = new Span<byte>((byte*)data, length);
                    (int from, int to) = Band(band, width);
                    for (int x = from; x < to; x++)
                    {
                        for (int y = 0; y < height; y++)
                        {
                            state.Line[y] = m[(y * width) + x];
                        }

                        state.Filter.Run(state.Line, state.Line);
                        for (int y = 0; y < height; y++)
                        {
                            m[(y * width) + x] = state.Line[y];
                        }
                    }

                    return state;
                }, _ => { });
            }
        }

        if (shrink)
        {
            Complement(mask);
        }
    }

    private const int BandSize = 64;

    private static int Bands(int lines) => (lines + BandSize - 1) / BandSize;

    private static (int From, int To) Band(int band, int lines) => (band * BandSize, Math.Min(lines, (band + 1) * BandSize));

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
