namespace HqSam.Core.Editing;

/// <summary>
/// Where the layer sits in the click dialog's view: view pixels per image pixel (<see cref="Scale"/>)
/// and the image's top-left corner in the view. It starts fitted to the window (the whole layer,
/// centred); the mouse wheel zooms in about the cursor (the image point under it stays under it) up
/// to <see cref="MaxPixelSize"/>, and a drag pans. The image never drifts: an axis it does not fill is
/// centred, an axis it overfills has no gap at either end.
/// </summary>
public sealed class ViewGeometry
{
    /// <summary>The closest zoom: one image pixel as this many view pixels.</summary>
    public const double MaxPixelSize = 16;

    public ViewGeometry(int imageWidth, int imageHeight)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(imageWidth, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(imageHeight, 1);
        ImageWidth = imageWidth;
        ImageHeight = imageHeight;
        SetViewport(imageWidth, imageHeight);
    }

    public int ImageWidth { get; }

    public int ImageHeight { get; }

    public int ViewWidth { get; private set; }

    public int ViewHeight { get; private set; }

    /// <summary>View pixels per image pixel.</summary>
    public double Scale { get; private set; }

    /// <summary>Where the image's top-left corner sits in the view.</summary>
    public double OffsetX { get; private set; }

    public double OffsetY { get; private set; }

    /// <summary>The scale at which the whole image fits the view.</summary>
    public double FitScale => Math.Min(ViewWidth / (double)ImageWidth, ViewHeight / (double)ImageHeight);

    /// <summary>True at fit-to-window (the view then follows window resizes).</summary>
    public bool IsFitted => Scale <= FitScale * (1 + 1e-9);

    /// <summary>Counts changes of scale or offset, so a view knows when to repaint the layer.</summary>
    public int Version { get; private set; }

    /// <summary>A new window size: fitted stays fitted; zoomed keeps its scale and the point at the view's centre.</summary>
    public void SetViewport(int viewWidth, int viewHeight)
    {
        bool fitted = ViewWidth == 0 || IsFitted;
        double cx = ViewWidth == 0 ? 0 : ((ViewWidth / 2.0) - OffsetX) / Scale, cy = ViewWidth == 0 ? 0 : ((ViewHeight / 2.0) - OffsetY) / Scale;
        (ViewWidth, ViewHeight) = (Math.Max(1, viewWidth), Math.Max(1, viewHeight));
        if (fitted)
        {
            Fit();
        }
        else
        {
            Scale = Math.Max(Scale, FitScale);
            Place((ViewWidth / 2.0) - (cx * Scale), (ViewHeight / 2.0) - (cy * Scale), scaleChanged: true);
        }

        Version++;
    }

    /// <summary>Back to the whole image, centred.</summary>
    /// <returns>True when the view changed.</returns>
    public bool Fit()
    {
        bool scaleChanged = Scale != FitScale;
        Scale = FitScale;
        return Place((ViewWidth - (ImageWidth * Scale)) / 2, (ViewHeight - (ImageHeight * Scale)) / 2, scaleChanged);
    }

    /// <summary>Zooms by <paramref name="factor"/> about a view position, within fit-to-window and <see cref="MaxPixelSize"/>.</summary>
    /// <returns>True when the view changed.</returns>
    public bool ZoomAt(double factor, double viewX, double viewY)
    {
        if (!double.IsFinite(factor) || factor <= 0)
        {
            return false;
        }

        double scale = Math.Clamp(Scale * factor, FitScale, Math.Max(FitScale, MaxPixelSize));
        if (scale == Scale)
        {
            return false;
        }

        // The image point under the cursor stays under it (a cursor position that is not a number
        // zooms about the view's centre instead of poisoning the offsets).
        viewX = double.IsFinite(viewX) ? viewX : ViewWidth / 2.0;
        viewY = double.IsFinite(viewY) ? viewY : ViewHeight / 2.0;
        double ix = (viewX - OffsetX) / Scale, iy = (viewY - OffsetY) / Scale;
        Scale = scale;
        return Place(viewX - (ix * scale), viewY - (iy * scale), scaleChanged: true);
    }

    /// <summary>Moves the image by a view-pixel delta (as far as it can go).</summary>
    /// <returns>True when the view changed.</returns>
    public bool PanBy(double dx, double dy) =>
        Place(OffsetX + (double.IsNaN(dx) ? 0 : dx), OffsetY + (double.IsNaN(dy) ? 0 : dy)); // ±∞ pans to the end, NaN not at all

    /// <summary>The image position under a view position, or null outside the image.</summary>
    public (float X, float Y)? ViewToImage(double viewX, double viewY)
    {
        double x = (viewX - OffsetX) / Scale, y = (viewY - OffsetY) / Scale;
        // Written so that NaN (a position that is not a number) is outside too.
        return x >= 0 && y >= 0 && x < ImageWidth && y < ImageHeight ? ((float)x, (float)y) : null;
    }

    public (double X, double Y) ImageToView(double imageX, double imageY) => ((imageX * Scale) + OffsetX, (imageY * Scale) + OffsetY);

    private bool Place(double offsetX, double offsetY, bool scaleChanged = false)
    {
        double x = Axis(offsetX, ImageWidth * Scale, ViewWidth), y = Axis(offsetY, ImageHeight * Scale, ViewHeight);
        bool changed = scaleChanged || x != OffsetX || y != OffsetY;
        (OffsetX, OffsetY) = (x, y);
        if (changed)
        {
            Version++;
        }

        return changed;
    }

    /// <summary>Centred when the image is smaller than the view along this axis, else no gap at either end.</summary>
    private static double Axis(double offset, double extent, int view) =>
        extent <= view ? (view - extent) / 2 : Math.Clamp(offset, view - extent, 0);
}
