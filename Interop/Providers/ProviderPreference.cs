namespace HqSam.Interop.Providers;

/// <summary>What the user asks for; <see cref="Auto"/> takes the best the machine has.</summary>
public enum ProviderPreference
{
    Auto,
    Cpu,
    Cuda,
    DirectML,
}
