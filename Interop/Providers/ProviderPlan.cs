namespace HqSam.Interop.Providers;

/// <summary>Where the encoder and the decoder run.</summary>
public sealed record ProviderPlan(ProviderChoice Encoder, ProviderChoice Decoder)
{
    public override string ToString() => $"encoder: {Encoder}; decoder: {Decoder}";
}
