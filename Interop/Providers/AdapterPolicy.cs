namespace HqSam.Interop.Providers;

/// <summary>
/// Picks the adapter DirectML runs on, from DXGI's list. Plain code, so the policy is tested
/// everywhere; only the enumeration itself is Windows-only.
/// </summary>
public static class AdapterPolicy
{
    /// <returns>The adapter, or null with the reason none fits.</returns>
    public static (GpuAdapter? Adapter, string Reason) Choose(IReadOnlyList<GpuAdapter> adapters, AdapterPreference preference)
    {
        ArgumentNullException.ThrowIfNull(adapters);
        ArgumentNullException.ThrowIfNull(preference);
        var hardware = adapters.Where(a => !a.IsSoftware).ToList();

        if (preference.Index is { } index)
        {
            GpuAdapter? byIndex = adapters.FirstOrDefault(a => a.Index == index);
            return byIndex is null
                ? (null, $"no adapter #{index} (found {Describe(adapters)})")
                : byIndex.IsSoftware
                    ? (null, $"adapter #{index} ({byIndex.Name}) is a software rasteriser")
                    : (byIndex, $"adapter #{index} as requested");
        }

        if (!string.IsNullOrWhiteSpace(preference.NameContains))
        {
            GpuAdapter? byName = hardware
                .Where(a => a.Name.Contains(preference.NameContains, StringComparison.OrdinalIgnoreCase))
                .OrderByDescending(a => a.DedicatedVideoMemory)
                .FirstOrDefault();
            return byName is null
                ? (null, $"no hardware adapter named like '{preference.NameContains}' (found {Describe(adapters)})")
                : (byName, $"'{byName.Name}' matches '{preference.NameContains}'");
        }

        if (hardware.Count == 0)
        {
            return (null, adapters.Count == 0 ? "no graphics adapter found" : $"only software adapters ({Describe(adapters)})");
        }

        // Discrete first (on hybrid laptops the integrated GPU is often enumerated first), then the
        // most dedicated memory (the 900 MB model and its 16 MB activations want VRAM), then the
        // lower index (the one the OS prefers) for a stable choice.
        GpuAdapter best = hardware
            .OrderByDescending(a => a.IsDiscrete)
            .ThenByDescending(a => a.DedicatedVideoMemory)
            .ThenBy(a => a.Index)
            .First();
        return (best, best.IsDiscrete ? "discrete GPU with the most dedicated memory" : "no discrete GPU; best integrated GPU");
    }

    private static string Describe(IReadOnlyList<GpuAdapter> adapters) =>
        adapters.Count == 0 ? "none" : string.Join(", ", adapters.Select(a => a.ToString()));
}
