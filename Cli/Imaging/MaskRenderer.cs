using HqSam.Core.Editing;
using HqSam.Core.Imaging;

namespace HqSam.Cli.Imaging;

/// <summary>The CLI's extra outputs, drawn by the same tile renderer the effect uses.</summary>
internal static class MaskRenderer
{
    /// <summary>The image with the selection tinted and outlined.</summary>
    public static byte[] Overlay(BgraImage image, byte[] mask) => Render(image, mask, OutputMode.Tint);

    /// <summary>The image with everything outside the selection transparent (its own alpha kept inside).</summary>
    public static byte[] Cutout(BgraImage image, byte[] mask) => Render(image, mask, OutputMode.Cutout);

    private static byte[] Render(BgraImage image, byte[] mask, OutputMode mode)
    {
        var output = new byte[checked(image.Width * image.Height * 4)];
        TileRenderer.Render(RenderState.ForMask(image.Width, image.Height, mask, mode), image, 0, 0, image.Width, image.Height, output, image.Width * 4);
        return output;
    }
}
