using System.Buffers;

namespace HqSam.Core.Masks;

/// <summary>
/// Grows (dilates) or shrinks (erodes) a coverage mask by N pixels, separably, using the van Herk /
/// Gil-Werman running maximum along lines: three comparisons per pixel whatever the radius, so 50 px
/// at 24 MP costs the same as 1 px. The square element takes rows then columns; the round one adds
/// the two diagonals, making a regular octagon (square ⊕ two diagonal segments) within 8% of a disc,
/// so a grown selection keeps round corners round. Shrinking is growing the complement; outside the
/// canvas is neutral, so shrinking does not pull a selection away from the canvas edge.
/// </summary>
internal static class MaskMorphology
{
    /// <param name="radius">Pixels to grow (positive) or shrink (negative); 0 leaves the mask as it is.</param>
    public static void Apply(Span<byte> mask, int width, int height, int radius, StructuringElement element = StructuringElement.Square)
    {
        if (radius == 0)
        {
            return;
        }

        bool shrink = radius < 0;
        (int square, int diagonal) = element == StructuringElement.Round ? Octagon(Math.Abs(radius)) : (Math.Abs(radius), 0);
        if (shrink)
        {
            Complement(mask);
        }

        if (diagonal == 0)
        {
            Square(mask, width, height, square);
        }
        else
        {
            Octagonal(mask, width, height, square, diagonal);
        }

        if (shrink)
        {
            Complement(mask);
        }
    }

    /// <summary>
    /// The octagon of circumscribed radius R: a square of half-side a plus diagonal segments of half-length
    /// b reaches a + 2b along the axes and (a + b)·√2 along the diagonals; equal when b = R / (2 + √2).
    /// The square keeps half-side ≥ 1 whenever diagonals are used: two diagonal segments alone only reach
    /// every other pixel of their diamond, and one pixel of square fills the gaps.
    /// </summary>
    internal static (int Square, int Diagonal) Octagon(int radius)
    {
        int b = (int)Math.Round(radius / (2 + Math.Sqrt(2)));
        if (radius - (2 * b) < 1)
        {
            b = (radius - 1) / 2;
        }

        return (radius - (2 * b), b);
    }

    /// <summary>
    /// Square, then the two diagonals, on a copy padded by 2b: a non-rectangular element reaches canvas
    /// pixels through positions off the canvas (a diagonal step out, a square step back in), so the
    /// intermediate results must exist there for the outcome to equal the octagon's window exactly.
    /// </summary>
    private static void Octagonal(Span<byte> mask, int width, int height, int square, int diagonal)
    {
        int margin = 2 * diagonal;
        int pw = width + (2 * margin), ph = height + (2 * margin);
        byte[] rented = ArrayPool<byte>.Shared.Rent(checked(pw * ph));
        try
        {
            Span<byte> padded = rented.AsSpan(0, pw * ph);
            padded.Clear();
            for (int y = 0; y < height; y++)
            {
                mask.Slice(y * width, width).CopyTo(padded.Slice(((y + margin) * pw) + margin, width));
            }

            Square(padded, pw, ph, square);

            // Down-right, then down-left diagonals: the second reads the first up to b pixels off the canvas,
            // where the first is still exact (it is exact at least b inside the padded buffer).
            RowwiseLineMax.Run(padded, pw, ph, diagonal, step: 1);
            RowwiseLineMax.Run(padded, pw, ph, diagonal, step: -1);
            for (int y = 0; y < height; y++)
            {
                padded.Slice(((y + margin) * pw) + margin, width).CopyTo(mask.Slice(y * width, width));
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    private static void Square(Span<byte> mask, int width, int height, int r)
    {
        if (r == 0)
        {
            return;
        }

        unsafe
        {
            fixed (byte* pinned = mask)
            {
                nint data = (nint)pinned;
                int length = width * height;

                // Rows in bands on all cores, a filter per band.
                Parallel.For(0, Bands(height), () => new MaxFilter(width, r), (band, _, filter) =>
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
            }
        }

        // Columns a whole row at a time (no strided gathering of columns).
        RowwiseLineMax.Run(mask, width, height, r, step: 0);
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
