namespace HqSam.Interop.Providers;

/// <summary>The user's wishes for where the model runs.</summary>
public sealed record ProviderRequest
{
    public ProviderPreference Provider { get; init; } = ProviderPreference.Auto;

    public AdapterPreference Adapter { get; init; } = AdapterPreference.Auto;

    /// <summary>
    /// Off by default: the decoder is light, and on a GPU its per-click transfers cost more than its
    /// compute (darktable runs it on the CPU for the same reason). The encoder takes the GPU.
    /// </summary>
    public bool DecoderOnGpu { get; init; }

    public static ProviderRequest Default { get; } = new();

    /// <summary>Parses "auto", "cpu", "cuda" or "directml" (also "dml"); null when it is none of these.</summary>
    public static ProviderPreference? ParseProvider(string? text) => text?.Trim().ToLowerInvariant() switch
    {
        null or "" or "auto" => ProviderPreference.Auto,
        "cpu" => ProviderPreference.Cpu,
        "cuda" => ProviderPreference.Cuda,
        "directml" or "dml" => ProviderPreference.DirectML,
        _ => null,
    };
}
