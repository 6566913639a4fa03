using HqSam.Core.Pipeline;

namespace HqSam.Plugin;

/// <summary>
/// The "Look closer at small objects" drop-down: a second decode on a crop, which costs one encode per
/// object (about 12 s on a 2-core CPU for HQ-SAM 2.1 Hiera-L).
/// </summary>
public enum LookCloserOption
{
    /// <summary>Only where this machine encodes fast (a GPU).</summary>
    WhenEncodingIsFast,
    Always,
    Never,
}

internal static class LookCloserOptionExtensions
{
    public static ZoomMode ToZoomMode(this LookCloserOption option) => option switch
    {
        LookCloserOption.Always => ZoomMode.On,
        LookCloserOption.Never => ZoomMode.Off,
        _ => ZoomMode.Auto,
    };

    public static LookCloserOption ToOption(this ZoomMode mode) => mode switch
    {
        ZoomMode.On => LookCloserOption.Always,
        ZoomMode.Off => LookCloserOption.Never,
        _ => LookCloserOption.WhenEncodingIsFast,
    };
}
