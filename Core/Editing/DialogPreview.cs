using HqSam.Core.Imaging;
using HqSam.Core.Masks;

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

    /// <summary>The hover preview's outline: a light blue apart from the selection's amber, so it reads as "would be"; it stands out on light and dark layers alike.</summary>
    public static readonly (byte B, byte G, byte R) HoverOutline = (255, 170, 0);

    /// <summary>What is left of the colour outside the selection (of 256).</summary>
    public const int OutsideBrightness = 100;

    private const int CheckerCell = 8;

    private readonly BgraImage _layer;
    private byte[] _scaled = [];
    private PixelRect _crop;
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

    /// <summary>
    /// Sizes the view and rescales the visible part of the layer into it, placed as
    /// <paramref name="scale"/> and the offsets say (see <see cref="ViewGeometry"/>): the whole layer at
    /// fit-to-window, only the part in view when zoomed in, so the cost follows the view, not the layer.
    /// </summary>
    public void Fit(int viewWidth, int viewHeight, double scale, double offsetX, double offsetY)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(viewWidth, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(viewHeight, 1);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(scale);
        (int ix0, int ix1, int x0, int w) = Visible(_layer.Width, scale, offsetX, viewWidth);
        (int iy0, int iy1, int y0, int h) = Visible(_layer.Height, scale, offsetY, viewHeight);
        (ViewWidth, ViewHeight, ImageRect) = (viewWidth, viewHeight, new PixelRect(x0, y0, w, h));
        _crop = new PixelRect(ix0, iy0, ix1 - ix0, iy1 - iy0);

        // Which layer pixel each view column/row shows: the one under the view pixel's centre, exactly as
        // ViewGeometry maps clicks, so what is drawn under the cursor is what a click selects.
        _columnOfImage = Lookup(_columnOfImage, w, x0, offsetX, scale, _layer.Width);
        _rowOfImage = Lookup(_rowOfImage, h, y0, offsetY, scale, _layer.Height);
        if (_scaled.Length != w * h * 4)
        {
            _scaled = new byte[w * h * 4]; // zooming and panning keep the size: the buffer is reused
        }
        if (scale > 1)
        {
            // Magnified: whole pixels, as editors show them when zoomed in.
            Nearest(w, h);
        }
        else
        {
            // A zero-copy view of the visible part of the layer, filtered down to its place in the view.
            var visible = new BgraImage(_crop.Width, _crop.Height, _layer.Pixels[((iy0 * _layer.Stride) + (ix0 * 4))..], _layer.Stride);
            BgraScaler.ResizePremultiplied(visible, w, h, _scaled, w * 4);
        }
    }

    private static int[] Lookup(int[] previous, int length, int viewStart, double offset, double scale, int size)
    {
        int[] lookup = previous.Length == length ? previous : new int[length];
        for (int i = 0; i < length; i++)
        {
            lookup[i] = Math.Clamp((int)Math.Floor((viewStart + i + 0.5 - offset) / scale), 0, size - 1);
        }

        return lookup;
    }

    private void Nearest(int w, int h)
    {
        ReadOnlySpan<byte> layer = _layer.Pixels.Span;
        for (int y = 0; y < h; y++)
        {
            int row = _rowOfImage[y] * _layer.Stride;
            for (int x = 0; x < w; x++)
            {
                int s = row + (_columnOfImage[x] * 4), d = ((y * w) + x) * 4;
                int a = layer[s + 3];
                _scaled[d] = (byte)((layer[s] * a) / 255);
                _scaled[d + 1] = (byte)((layer[s + 1] * a) / 255);
                _scaled[d + 2] = (byte)((layer[s + 2] * a) / 255);
                _scaled[d + 3] = (byte)a;
            }
        }
    }

    /// <summary>Along one axis: the image pixels [first, last) in view, and the view pixels they cover.</summary>
    private static (int First, int Last, int ViewStart, int ViewLength) Visible(int size, double scale, double offset, int view)
    {
        int first = Math.Clamp((int)Math.Floor(-offset / scale), 0, size - 1);
        int last = Math.Clamp((int)Math.Ceiling((view - offset) / scale), first + 1, size);
        int start = Math.Clamp((int)Math.Round(offset + (first * scale)), 0, view - 1);
        int end = Math.Clamp((int)Math.Round(offset + (last * scale)), start + 1, view);
        return (first, last, start, end - start);
    }

    /// <param name="coverage">The selection per layer pixel (0..255, at least 128 counts as selected), or null to show the plain layer.</param>
    /// <param name="reuse">A finished frame's buffer nobody reads any more; used when it has the view's size.</param>
    /// <param name="hover">The hover preview's mask: only its outline is drawn (<see cref="HoverOutline"/>), over everything.</param>
    public PreviewFrame Compose(Mask? coverage, byte[]? reuse = null, Mask? hover = null)
    {
        if (ViewWidth == 0)
        {
            throw new InvalidOperationException("Fit the view before composing");
        }

        if (coverage is not null && !coverage.Fits(_layer.Width, _layer.Height))
        {
            throw new ArgumentException($"coverage needs {_layer.Width} x {_layer.Height} pixels, got {coverage.Width} x {coverage.Height}", nameof(coverage));
        }

        if (hover is not null && !hover.Fits(_layer.Width, _layer.Height))
        {
            throw new ArgumentException($"hover needs {_layer.Width} x {_layer.Height} pixels, got {hover.Width} x {hover.Height}", nameof(hover));
        }

        int length = ViewWidth * ViewHeight * 4;
        byte[] pixels = reuse?.Length == length ? reuse : new byte[length];
        PixelRect r = ImageRect;
        ParallelRows.For(ViewHeight, ViewWidth, (from, to) =>
        {
            for (int y = from; y < to; y++)
            {
                ComposeRow(pixels.AsSpan(y * ViewWidth * 4, ViewWidth * 4), y, r, coverage is null ? default : coverage.Pixels, hover is null ? default : hover.Pixels);
            }
        });

        return new PreviewFrame(ViewWidth, ViewHeight, pixels);
    }

    /// <param name="coverage">Empty for none.</param>
    /// <param name="hover">Empty for none.</param>
    private void ComposeRow(Span<byte> row, int y, PixelRect r, ReadOnlySpan<byte> coverage, ReadOnlySpan<byte> hover)
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
            if (!hover.IsEmpty && Selected(hover, ix, iy, r) && IsEdge(hover, ix, iy, r))
            {
                Put(row, x, HoverOutline);
                continue;
            }

            int s = ((iy * r.Width) + ix) * 4;
            int a = _scaled[s + 3];
            int cell = ((ix / CheckerCell) + (iy / CheckerCell)) % 2 == 0 ? 204 : 153;
            int under = (255 - a) * cell / 255;
            int b = _scaled[s] + under, g = _scaled[s + 1] + under, rr = _scaled[s + 2] + under;
            if (!coverage.IsEmpty)
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

    private bool Selected(ReadOnlySpan<byte> coverage, int ix, int iy, PixelRect r) =>
        coverage[(_rowOfImage[iy] * _layer.Width) + _columnOfImage[ix]] >= 128; // below the mask's length, an int: no overflow

    /// <summary>
    /// A selected view pixel with an unselected 4-neighbour. Past the image's border counts as unselected
    /// (the selection ends there); past the view's border, when zoomed in, the selection goes on unseen.
    /// </summary>
    private bool IsEdge(ReadOnlySpan<byte> coverage, int ix, int iy, PixelRect r) =>
        !Neighbour(coverage, ix - 1, iy, r) || !Neighbour(coverage, ix + 1, iy, r) || !Neighbour(coverage, ix, iy - 1, r) || !Neighbour(coverage, ix, iy + 1, r);

    private bool Neighbour(ReadOnlySpan<byte> coverage, int ix, int iy, PixelRect r)
    {
        if (ix < 0 || iy < 0 || ix >= r.Width || iy >= r.Height)
        {
            bool imageEnds = (ix < 0 && _crop.X == 0) || (iy < 0 && _crop.Y == 0)
                || (ix >= r.Width && _crop.X + _crop.Width == _layer.Width) || (iy >= r.Height && _crop.Y + _crop.Height == _layer.Height);
            return !imageEnds;
        }

        return Selected(coverage, ix, iy, r);
    }

    private static void Put(Span<byte> row, int x, (byte B, byte G, byte R) colour)
    {
        row[x * 4] = colour.B;
        row[(x * 4) + 1] = colour.G;
        row[(x * 4) + 2] = colour.R;
        row[(x * 4) + 3] = 255;
    }
}
