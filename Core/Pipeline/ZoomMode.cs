namespace HqSam.Core.Pipeline;

/// <summary>
/// Whether the predictor looks closer at a small object: a second decode on a crop around it, which
/// needs the crop <em>encoded</em> (about 12 s for HQ-SAM 2.1 Hiera-L on a 2-core CPU), once per object.
/// "Zoom" is the one name in code and on the command line (<c>--zoom</c>, <see cref="ZoomRegion"/>,
/// the dialogs' <c>ZoomOption</c>); the dialogs show it to users as "Look closer at small objects".
/// </summary>
public enum ZoomMode
{
    /// <summary>Only where this machine's measured encode time is within <see cref="SegmentationOptions.AutoZoomMaxEncode"/> (a GPU).</summary>
    Auto,

    /// <summary>Always, whatever an encode costs (the user asked to look closer).</summary>
    On,

    /// <summary>Never.</summary>
    Off,
}
