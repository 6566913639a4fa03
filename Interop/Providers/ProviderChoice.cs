namespace HqSam.Interop.Providers;

/// <summary>
/// Where one model runs and why: <see cref="Reason"/> says why this provider, and when it is the
/// CPU although a GPU was possible or asked for, why the better one was not used.
/// </summary>
public sealed record ProviderChoice(ExecutionProvider Provider, int DeviceId, string Device, string Reason)
{
    public static ProviderChoice Cpu(string reason) => new(ExecutionProvider.Cpu, 0, "CPU", reason);

    /// <summary>Identity in a pool key: reasons do not make sessions differ.</summary>
    public string Key => $"{Provider}:{DeviceId}";

    public override string ToString() => Provider == ExecutionProvider.Cpu ? $"CPU ({Reason})" : $"{Provider} on {Device} ({Reason})";
}
