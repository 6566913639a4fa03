using HqSam.Core.Pipeline;

namespace HqSam.Plugin;

/// <summary>
/// The "Look closer at small objects" drop-down: a second decode on a crop, which costs one encode per
/// object (about 12 s on a 2-core CPU for HQ-SAM 2.1 Hiera-L).
/// </summary>
public enum ZoomOption
{
    /// <summary>Only where this machine encodes fast (a GPU).</summary>
    WhenEncodingIsFast,
    Always,
    Never,
}

internal static class ZoomOptionExtensions
{
    public static ZoomMode ToZoomMode(this ZoomOption option) => option switch
    {
        ZoomOption.Always => ZoomMode.On,
        ZoomOption.Never => ZoomMode.Off,
        _ => ZoomMode.Auto,
    };

    public static ZoomOption ToOption(this ZoomMode mode) => mode switch
    {
        ZoomMode.On => ZoomOption.Always,
        ZoomMode.Off => ZoomOption.Never,
        _ => ZoomOption.WhenEncodingIsFast,
    };
}
