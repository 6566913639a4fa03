using System.Runtime.InteropServices;
using HqSam.Interop.Windows;
using Microsoft.ML.OnnxRuntime;

namespace HqSam.Interop.Providers;

/// <summary>
/// The facts provider selection depends on, gathered once. Tests build their own to cover every
/// machine; <see cref="Probe"/> reads the real one.
/// </summary>
public sealed record MachineCapabilities
{
    public const string CpuProviderName = "CPUExecutionProvider";
    public const string CudaProviderName = "CUDAExecutionProvider";
    public const string DirectMLProviderName = "DmlExecutionProvider";

    public bool IsWindows { get; init; }

    /// <summary>Providers compiled into the loaded ONNX Runtime native library.</summary>
    public IReadOnlySet<string> OrtProviders { get; init; } = new HashSet<string> { CpuProviderName };

    /// <summary>DXGI adapters (Windows only; empty elsewhere).</summary>
    public IReadOnlyList<GpuAdapter> Adapters { get; init; } = [];

    /// <summary>Whether the NVIDIA driver library (libcuda / nvcuda) can be loaded.</summary>
    public bool CudaDriverPresent { get; init; }

    /// <summary>Why adapter enumeration failed, when it did.</summary>
    public string? AdapterError { get; init; }

    private static readonly Lazy<MachineCapabilities> Current = new(ProbeNow);

    /// <summary>This machine, probed once per process.</summary>
    public static MachineCapabilities Probe() => Current.Value;

    private static MachineCapabilities ProbeNow()
    {
        HashSet<string> providers;
        try
        {
            providers = [.. OrtEnv.Instance().GetAvailableProviders()];
        }
        catch (Exception e) when (e is OnnxRuntimeException or DllNotFoundException or EntryPointNotFoundException or TypeInitializationException)
        {
            providers = [];
        }

        IReadOnlyList<GpuAdapter> adapters = [];
        string? adapterError = null;
        if (OperatingSystem.IsWindows())
        {
            try
            {
                adapters = DxgiAdapters.Enumerate();
            }
            catch (Exception e) when (e is COMException or DllNotFoundException or EntryPointNotFoundException)
            {
                adapterError = e.Message;
            }
        }

        return new MachineCapabilities
        {
            IsWindows = OperatingSystem.IsWindows(),
            OrtProviders = providers,
            Adapters = adapters,
            AdapterError = adapterError,
            CudaDriverPresent = CanLoad(OperatingSystem.IsWindows() ? "nvcuda.dll" : "libcuda.so.1"),
        };
    }

    private static bool CanLoad(string library)
    {
        if (NativeLibrary.TryLoad(library, out nint handle))
        {
            NativeLibrary.Free(handle);
            return true;
        }

        return false;
    }
}
