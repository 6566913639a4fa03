namespace HqSam.Core.Editing;

/// <summary>A rectangle of whole pixels, as hosts describe selections and tiles.</summary>
public readonly record struct PixelRect(int X, int Y, int Width, int Height)
{
    public bool IsEmpty => Width <= 0 || Height <= 0;
}
