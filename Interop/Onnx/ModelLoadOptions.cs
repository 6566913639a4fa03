using HqSam.Interop.Providers;
using HqSam.Interop.Sessions;

namespace HqSam.Interop.Onnx;

/// <summary>How <see cref="OnnxSamModel.Load(ModelFiles, ModelLoadOptions?)"/> places and pools its sessions.</summary>
public sealed record ModelLoadOptions
{
    public SessionSettings Settings { get; init; } = SessionSettings.Default;

    public ProviderRequest Request { get; init; } = ProviderRequest.Default;

    /// <summary>Null for the process-wide pool.</summary>
    public SessionPool<SessionKey, OnnxSession>? Pool { get; init; }

    /// <summary>Null to probe this machine.</summary>
    public MachineCapabilities? Machine { get; init; }

    public static ModelLoadOptions Default { get; } = new();
}
