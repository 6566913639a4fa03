using HqSam.Core.Imaging;

namespace HqSam.Core.Editing;

/// <summary>
/// Writes one output tile from the layer and a finished <see cref="RenderState"/>. Pure: safe on any
/// number of threads at once. Rows are checked for cancellation, as the host expects.
/// </summary>
public static class TileRenderer
{
    /// <param name="output">BGRA bytes of the tile, <paramref name="outputStride"/> bytes a row; row 0 is layer row <paramref name="top"/>.</param>
    public static void Render(RenderState state, BgraImage layer, int left, int top, int width, int height, Span<byte> output, int outputStride, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(layer);
        for (int y = 0; y < height; y++)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                return;
            }

            int ly = top + y;
            ReadOnlySpan<byte> src = layer.GetRow(ly).Slice(left * 4, width * 4);
            Span<byte> dst = output.Slice(y * outputStride, width * 4);
            if (state.Coverage is not { } coverage)
            {
                src.CopyTo(dst);
                continue;
            }

            ReadOnlySpan<byte> cov = coverage.Pixels.Slice((ly * state.Width) + left, width);
            switch (state.Output)
            {
                case OutputMode.Mask:
                    for (int x = 0; x < width; x++)
                    {
                        byte c = cov[x];
                        dst[(x * 4) + 0] = c;
                        dst[(x * 4) + 1] = c;
                        dst[(x * 4) + 2] = c;
                        dst[(x * 4) + 3] = 255;
                    }

                    break;
                case OutputMode.Tint:
                    TintRow(state, coverage.Pixels, ly, left, src, dst);
                    break;
                default:
                    src.CopyTo(dst);
                    for (int x = 0; x < width; x++)
                    {
                        dst[(x * 4) + 3] = (byte)(((src[(x * 4) + 3] * cov[x]) + 127) / 255);
                    }

                    break;
            }
        }
    }

    private static void TintRow(RenderState state, ReadOnlySpan<byte> coverage, int y, int left, ReadOnlySpan<byte> src, Span<byte> dst)
    {
        int w = state.Width, h = state.Height;
        (byte tintB, byte tintG, byte tintR) = (state.Tint.B, state.Tint.G, state.Tint.R);
        for (int x = 0; x < dst.Length / 4; x++)
        {
            int lx = left + x;
            int c = coverage[(y * w) + lx];
            bool inside = c >= 128;
            bool edge = inside && (lx == 0 || y == 0 || lx == w - 1 || y == h - 1
                || coverage[(y * w) + lx - 1] < 128 || coverage[(y * w) + lx + 1] < 128
                || coverage[((y - 1) * w) + lx] < 128 || coverage[((y + 1) * w) + lx] < 128);
            int i = x * 4;
            if (edge)
            {
                dst[i] = tintB;
                dst[i + 1] = tintG;
                dst[i + 2] = tintR;
            }
            else
            {
                // Tint strength follows coverage, so feathering shows.
                int k = c * 45 / 255;
                dst[i] = (byte)(((src[i] * (100 - k)) + (tintB * k) + 50) / 100);
                dst[i + 1] = (byte)(((src[i + 1] * (100 - k)) + (tintG * k) + 50) / 100);
                dst[i + 2] = (byte)(((src[i + 2] * (100 - k)) + (tintR * k) + 50) / 100);
            }

            dst[i + 3] = src[i + 3];
        }
    }
}
