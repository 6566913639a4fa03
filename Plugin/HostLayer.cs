using System.Runtime.InteropServices;
using HqSam.Core.Editing;
using HqSam.Core.Imaging;
using HqSam.Core.Prompts;
using PaintDotNet.Effects;
using PaintDotNet.Imaging;
using PaintDotNet.Rendering;

namespace HqSam.Plugin;

/// <summary>What the effects and the click dialog read from Paint.NET: the layer's pixels and the selection.</summary>
internal static class HostLayer
{
    /// <summary>One copy of the layer: the pipeline reads it from many threads, after the host's lock is gone.</summary>
    public static BgraImage Copy(IEffectEnvironment environment)
    {
        using var source = environment.GetSourceBitmapBgra32();
        var size = source.Size;
        var pixels = new byte[checked(size.Width * size.Height * 4)];
        using (var sourceLock = source.Lock(new RectInt32(0, 0, size)))
        {
            var region = sourceLock.AsRegionPtr();
            for (int y = 0; y < size.Height; y++)
            {
                MemoryMarshal.AsBytes(MemoryMarshal.CreateReadOnlySpan(ref region[0, y], size.Width))
                    .CopyTo(pixels.AsSpan(y * size.Width * 4, size.Width * 4));
            }
        }

        return new BgraImage(size.Width, size.Height, pixels);
    }

    public static (PixelRect Selection, int Width, int Height) SelectionAndCanvas(IEffectEnvironment environment)
    {
        RectInt32 s = environment.Selection.RenderBounds;
        var size = environment.Document.Size;
        return (new PixelRect(s.X, s.Y, s.Width, s.Height), size.Width, size.Height);
    }

    /// <summary>The selection as a box prompt, or null when nothing (or everything) is selected.</summary>
    public static BoxPrompt? SelectionBox(IEffectEnvironment environment)
    {
        (PixelRect selection, int width, int height) = SelectionAndCanvas(environment);
        return DialogGeometry.SelectionBox(selection, width, height);
    }
}
