namespace HqSam.Core.Editing;

/// <summary>Where the view looks, as the picture composer needs it: its client size and the layer's placement in it.</summary>
internal readonly record struct ViewportRequest(int Width, int Height, double Scale, double OffsetX, double OffsetY)
{
    public static ViewportRequest Of(ViewGeometry geometry) =>
        new(geometry.ViewWidth, geometry.ViewHeight, geometry.Scale, geometry.OffsetX, geometry.OffsetY);
}
