using System.Runtime.InteropServices;
using HqSam.Core.Editing;
using HqSam.Core.Imaging;
using HqSam.Core.Prompts;
using PaintDotNet.Effects;
using PaintDotNet.Imaging;
using PaintDotNet.Rendering;

namespace HqSam.Plugin.HostServices;

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

    /// <summary>The selection as a box prompt, or null when nothing (or everything) is selected.</summary>
    public static BoxPrompt? SelectionBox(IEffectEnvironment environment) => Hints(environment).SelectionBox;

    /// <summary>
    /// The selection as a box prompt (null when nothing or everything is selected), and what the point
    /// pickers span: that selection, or the whole canvas without one.
    /// </summary>
    public static (BoxPrompt? SelectionBox, PixelRect PickerBounds) Hints(IEffectEnvironment environment)
    {
        RectInt32 s = environment.Selection.RenderBounds;
        var size = environment.Document.Size;
        var selection = new PixelRect(s.X, s.Y, s.Width, s.Height);
        BoxPrompt? box = DialogGeometry.SelectionBox(selection, size.Width, size.Height);
        return (box, box is null ? new PixelRect(0, 0, size.Width, size.Height) : selection);
    }
}
