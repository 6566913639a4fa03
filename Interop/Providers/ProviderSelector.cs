namespace HqSam.Interop.Providers;

/// <summary>
/// The one place that decides where models run: DirectML on Windows (on the adapter the policy
/// picks), CUDA where ONNX Runtime's CUDA build and an NVIDIA driver are present, else the CPU.
/// Every CPU outcome carries the reason a GPU was not used, so a fallback is never silent.
/// </summary>
public static class ProviderSelector
{
    public static ProviderPlan Select(ProviderRequest request, MachineCapabilities machine)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(machine);

        ProviderChoice encoder = request.Provider switch
        {
            ProviderPreference.Cpu => ProviderChoice.Cpu("CPU requested"),
            ProviderPreference.Cuda => Cuda(machine),
            ProviderPreference.DirectML => DirectML(machine, request.Adapter),
            _ => Auto(machine, request.Adapter),
        };

        // The decoder's reason is its own: on the CPU by design (unless a GPU decoder was asked for),
        // not because of whatever kept the encoder off a GPU.
        ProviderChoice decoder = request.DecoderOnGpu || request.Provider == ProviderPreference.Cpu
            ? encoder
            : ProviderChoice.Cpu("by design: the decoder is light; a GPU's per-click transfers cost more than it saves");
        return new ProviderPlan(encoder, decoder);
    }

    private static ProviderChoice Auto(MachineCapabilities machine, AdapterPreference adapter)
    {
        if (machine.IsWindows)
        {
            return DirectML(machine, adapter);
        }

        return Cuda(machine);
    }

    private static ProviderChoice Cuda(MachineCapabilities machine)
    {
        if (!machine.OrtProviders.Contains(MachineCapabilities.CudaProviderName))
        {
            return ProviderChoice.Cpu("this ONNX Runtime build has no CUDA provider (build with -p:OnnxRuntimeFlavor=Cuda)");
        }

        if (!machine.CudaDriverPresent)
        {
            return ProviderChoice.Cpu("no NVIDIA driver found (libcuda could not be loaded)");
        }

        return new ProviderChoice(ExecutionProvider.Cuda, 0, "CUDA device 0", "ONNX Runtime's CUDA provider and an NVIDIA driver are present");
    }

    private static ProviderChoice DirectML(MachineCapabilities machine, AdapterPreference adapter)
    {
        if (!machine.IsWindows)
        {
            return ProviderChoice.Cpu("DirectML exists only on Windows");
        }

        if (!machine.OrtProviders.Contains(MachineCapabilities.DirectMLProviderName))
        {
            return ProviderChoice.Cpu("this ONNX Runtime build has no DirectML provider (install the DirectML build)");
        }

        if (machine.AdapterError is { } error)
        {
            return ProviderChoice.Cpu($"graphics adapters could not be listed ({error})");
        }

        (GpuAdapter? chosen, string reason) = AdapterPolicy.Choose(machine.Adapters, adapter);
        return chosen is null
            ? ProviderChoice.Cpu(reason)
            : new ProviderChoice(ExecutionProvider.DirectML, chosen.Index, chosen.Name, reason);
    }
}
