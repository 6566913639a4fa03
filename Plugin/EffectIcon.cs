using System.Drawing;
using System.Runtime.Versioning;

namespace HqSam.Plugin;

/// <summary>
/// The effects' menu icons (Icons/*.png, 16x16 as Paint.NET's menus draw them), embedded in the plugin.
/// GDI+ is Windows-only: the effects ask for one only where Paint.NET runs (their public constructors),
/// and the tests on other OSes construct them without an icon.
/// </summary>
internal static class EffectIcon
{
    public static Image Load(string name) => OperatingSystem.IsWindows()
        ? Decode(name)
        : throw new PlatformNotSupportedException("Paint.NET runs on Windows; elsewhere the effect is made without an icon");

    [SupportedOSPlatform("windows")]
    private static Bitmap Decode(string name)
    {
        string resource = $"HqSam.Plugin.Icons.{name}.png";
        using Stream stream = typeof(EffectIcon).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"{resource}: not embedded in the plugin");

        // A Bitmap read from a stream needs that stream for its whole life; the copy does not.
        using var decoded = new Bitmap(stream);
        return new Bitmap(decoded);
    }
}
