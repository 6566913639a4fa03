using HqSam.Core.Imaging;

namespace HqSam.Core.Editing;

/// <summary>
/// Paints the click dialog's view without a window: the layer at fit-to-window zoom over a
/// checkerboard (for transparency), the area outside the selection darkened, and the selection's edge
/// drawn as a bright line, so the user sees at a glance what the click selected. The scaled layer is
/// made once per view size; each new mask only re-composes. Not thread-safe: one worker owns it.
/// </summary>
public sealed class DialogPreview
{
    /// <summary>Around the image (letterbox).</summary>
    public static readonly (byte B, byte G, byte R) Background = (48, 48, 48);

    /// <summary>The selection's edge.</summary>
    public static readonly (byte B, byte G, byte R) Outline = (255, 200, 0);

    /// <summary>What is left of the colour outside the selection (of 256).</summary>
    public const int OutsideBrightness = 100;

    private const int CheckerCell = 8;

    private readonly BgraImage _layer;
    private byte[] _scaled = [];
    private int[] _columnOfImage = [];
    private int[] _rowOfImage = [];

    public DialogPreview(BgraImage layer)
    {
        ArgumentNullException.ThrowIfNull(layer);
        _layer = layer;
    }

    public int ViewWidth { get; private set; }

    public int ViewHeight { get; private set; }

    /// <summary>Where the image lies in the view, in whole view pixels.</summary>
    public PixelRect ImageRect { get; private set; }

    /// <summary>Sizes the view and rescales the layer into it, placed as <paramref name="scale"/> and the offsets say (see <see cref="ClickDialogModel"/>).</summary>
    public void Fit(int viewWidth, int viewHeight, double scale, double offsetX, double offsetY)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(viewWidth, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(viewHeight, 1);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(scale);
        int x0 = Math.Clamp((int)Math.Round(offsetX), 0, viewWidth - 1), y0 = Math.Clamp((int)Math.Round(offsetY), 0, viewHeight - 1);
        int w = Math.Clamp((int)Math.Round(_layer.Width * scale), 1, viewWidth - x0);
        int h = Math.Clamp((int)Math.Round(_layer.Height * scale), 1, viewHeight - y0);
        (ViewWidth, ViewHeight, ImageRect) = (viewWidth, viewHeight, new PixelRect(x0, y0, w, h));

        _scaled = new byte[w * h * 4];
        BgraScaler.ResizePremultiplied(_layer, w, h, _scaled, w * 4);

        // Which layer pixel each view column/row shows: the one under the view pixel's centre.
        _columnOfImage = new int[w];
        for (int x = 0; x < w; x++)
        {
            _columnOfImage[x] = Math.Min(_layer.Width - 1, (int)((x + 0.5) * _layer.Width / w));
        }

        _rowOfImage = new int[h];
        for (int y = 0; y < h; y++)
        {
            _rowOfImage[y] = Math.Min(_layer.Height - 1, (int)((y + 0.5) * _layer.Height / h));
        }
    }

    /// <param name="coverage">The selection per layer pixel (0..255, at least 128 counts as selected), or null to show the plain layer.</param>
    public PreviewFrame Compose(byte[]? coverage)
    {
        if (ViewWidth == 0)
        {
            throw new InvalidOperationException("Fit the view before composing");
        }

        if (coverage is not null && coverage.Length != _layer.PixelCount)
        {
            throw new ArgumentException($"coverage needs {_layer.PixelCount} bytes, got {coverage.Length}", nameof(coverage));
        }

        var pixels = new byte[ViewWidth * ViewHeight * 4];
        PixelRect r = ImageRect;
        ParallelRows.For(ViewHeight, ViewWidth, (from, to) =>
        {
            for (int y = from; y < to; y++)
            {
                ComposeRow(pixels.AsSpan(y * ViewWidth * 4, ViewWidth * 4), y, r, coverage);
            }
        });

        return new PreviewFrame(ViewWidth, ViewHeight, pixels);
    }

    private void ComposeRow(Span<byte> row, int y, PixelRect r, byte[]? coverage)
    {
        int iy = y - r.Y;
        for (int x = 0; x < ViewWidth; x++)
        {
            int ix = x - r.X;
            if (iy < 0 || iy >= r.Height || ix < 0 || ix >= r.Width)
            {
                Put(row, x, Background);
                continue;
            }

            // The layer over a checkerboard: premultiplied colour + (1 - alpha) * cell grey.
            int s = ((iy * r.Width) + ix) * 4;
            int a = _scaled[s + 3];
            int cell = ((ix / CheckerCell) + (iy / CheckerCell)) % 2 == 0 ? 204 : 153;
            int under = (255 - a) * cell / 255;
            int b = _scaled[s] + under, g = _scaled[s + 1] + under, rr = _scaled[s + 2] + under;
            if (coverage is not null)
            {
                if (!Selected(coverage, ix, iy, r))
                {
                    (b, g, rr) = (b * OutsideBrightness >> 8, g * OutsideBrightness >> 8, rr * OutsideBrightness >> 8);
                }
                else if (IsEdge(coverage, ix, iy, r))
                {
                    Put(row, x, Outline);
                    continue;
                }
            }

            row[x * 4] = (byte)b;
            row[(x * 4) + 1] = (byte)g;
            row[(x * 4) + 2] = (byte)rr;
            row[(x * 4) + 3] = 255;
        }
    }

    private bool Selected(byte[] coverage, int ix, int iy, PixelRect r) =>
        ix >= 0 && iy >= 0 && ix < r.Width && iy < r.Height
        && coverage[((long)_rowOfImage[iy] * _layer.Width) + _columnOfImage[ix]] >= 128;

    /// <summary>A selected view pixel with an unselected (or off-image) 4-neighbour.</summary>
    private bool IsEdge(byte[] coverage, int ix, int iy, PixelRect r) =>
        !Selected(coverage, ix - 1, iy, r) || !Selected(coverage, ix + 1, iy, r) || !Selected(coverage, ix, iy - 1, r) || !Selected(coverage, ix, iy + 1, r);

    private static void Put(Span<byte> row, int x, (byte B, byte G, byte R) colour)
    {
        row[x * 4] = colour.B;
        row[(x * 4) + 1] = colour.G;
        row[(x * 4) + 2] = colour.R;
        row[(x * 4) + 3] = 255;
    }
}
