namespace HqSam.Interop.Providers;

/// <summary>
/// One graphics adapter as DXGI describes it. <see cref="Index"/> is its enumeration index, which is
/// the device id DirectML takes.
/// </summary>
public sealed record GpuAdapter(int Index, string Name, uint VendorId, uint DeviceId, ulong DedicatedVideoMemory, ulong SharedSystemMemory, bool IsSoftware)
{
    public const uint MicrosoftVendorId = 0x1414;

    /// <summary>
    /// A software rasteriser (WARP, "Microsoft Basic Render Driver") or an adapter with no memory of
    /// its own: integrated GPUs report little or no dedicated memory.
    /// </summary>
    public bool IsDiscrete => !IsSoftware && DedicatedVideoMemory >= 512UL * 1024 * 1024;

    public override string ToString() =>
        $"#{Index} {Name} ({DedicatedVideoMemory / (1024 * 1024)} MiB dedicated{(IsSoftware ? ", software" : string.Empty)})";
}
