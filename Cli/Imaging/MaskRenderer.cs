using HqSam.Core.Editing;
using HqSam.Core.Imaging;
using HqSam.Core.Masks;

namespace HqSam.Cli.Imaging;

/// <summary>The CLI's extra outputs, drawn by the same tile renderer the effect uses.</summary>
internal static class MaskRenderer
{
    /// <summary>The image with the selection tinted and outlined, in a colour that contrasts with the object.</summary>
    public static byte[] Overlay(BgraImage image, Mask mask) => Render(image, mask, OutputMode.Tint, TintColour.Contrasting(image, mask.Pixels));

    /// <summary>The image with everything outside the selection transparent (its own alpha kept inside).</summary>
    public static byte[] Cutout(BgraImage image, Mask mask) => Render(image, mask, OutputMode.Cutout, null);

    private static byte[] Render(BgraImage image, Mask mask, OutputMode mode, TintColour? tint)
    {
        var output = new byte[checked(image.Width * image.Height * 4)];
        TileRenderer.Render(RenderState.ForMask(mask, mode, tint), image, 0, 0, image.Width, image.Height, output, image.Width * 4);
        return output;
    }
}
