using HqSam.Interop.Onnx;
using HqSam.Interop.Providers;

namespace HqSam.Interop.Sessions;

/// <summary>
/// What makes two sessions interchangeable: the same file content (path, size, write time), role,
/// provider and device, and settings.
/// </summary>
public sealed record SessionKey(string Path, string FileIdentity, ModelRole Role, ExecutionProvider Provider, int DeviceId, SessionSettings Settings)
{
    /// <summary>Sessions this key may have alive at once.</summary>
    public int Limit => Provider == ExecutionProvider.DirectML || Role == ModelRole.Encoder
        ? 1 // DirectML sessions must not run concurrently; an encoder is ~900 MB.
        : Math.Max(1, Settings.MaxDecoderSessions);

    public SessionKey OnCpu() => this with { Provider = ExecutionProvider.Cpu, DeviceId = 0 };
}
