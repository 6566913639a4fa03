using HqSam.Interop.Providers;

namespace HqSam.Tests.Interop;

[TestClass]
public sealed class ProviderSelectionTests
{
    private static readonly GpuAdapter Intel = new(0, "Intel(R) UHD Graphics 630", 0x8086, 0x3E9B, 128UL << 20, 8UL << 30, false);
    private static readonly GpuAdapter Rtx = new(1, "NVIDIA GeForce RTX 4070 Laptop GPU", 0x10DE, 0x2820, 8UL << 30, 8UL << 30, false);
    private static readonly GpuAdapter Radeon = new(2, "AMD Radeon RX 6600", 0x1002, 0x73FF, 8UL << 30, 8UL << 30, false);
    private static readonly GpuAdapter Warp = new(3, "Microsoft Basic Render Driver", GpuAdapter.MicrosoftVendorId, 0x8C, 0, 8UL << 30, true);

    private static MachineCapabilities Windows(params GpuAdapter[] adapters) => new()
    {
        IsWindows = true,
        OrtProviders = new HashSet<string> { MachineCapabilities.CpuProviderName, MachineCapabilities.DirectMLProviderName },
        Adapters = adapters,
    };

    private static MachineCapabilities Linux(bool cudaBuild, bool driver) => new()
    {
        OrtProviders = cudaBuild
            ? new HashSet<string> { MachineCapabilities.CpuProviderName, MachineCapabilities.CudaProviderName }
            : new HashSet<string> { MachineCapabilities.CpuProviderName },
        CudaDriverPresent = driver,
    };

    [TestMethod]
    public void HybridLaptopPicksTheDiscreteGpuEvenWhenEnumeratedSecond()
    {
        (GpuAdapter? chosen, string reason) = AdapterPolicy.Choose([Intel, Rtx, Warp], AdapterPreference.Auto);
        Assert.AreSame(Rtx, chosen);
        StringAssert.Contains(reason, "discrete");
    }

    [TestMethod]
    public void MostDedicatedMemoryWinsThenTheLowerIndex()
    {
        var bigger = Radeon with { Index = 4, DedicatedVideoMemory = 16UL << 30 };
        Assert.AreSame(bigger, AdapterPolicy.Choose([Rtx, bigger], AdapterPreference.Auto).Adapter);
        Assert.AreSame(Rtx, AdapterPolicy.Choose([Radeon, Rtx], AdapterPreference.Auto).Adapter, "equal memory: lower index");
    }

    [TestMethod]
    public void IntegratedOnlyIsStillAGpuButSoftwareIsNot()
    {
        (GpuAdapter? chosen, string reason) = AdapterPolicy.Choose([Warp, Intel], AdapterPreference.Auto);
        Assert.AreSame(Intel, chosen);
        StringAssert.Contains(reason, "integrated");
        (chosen, reason) = AdapterPolicy.Choose([Warp], AdapterPreference.Auto);
        Assert.IsNull(chosen);
        StringAssert.Contains(reason, "only software adapters");
        (chosen, reason) = AdapterPolicy.Choose([], AdapterPreference.Auto);
        Assert.IsNull(chosen);
        Assert.AreEqual("no graphics adapter found", reason);
    }

    [TestMethod]
    public void UserCanOverrideByIndexOrName()
    {
        Assert.AreSame(Intel, AdapterPolicy.Choose([Intel, Rtx], AdapterPreference.Parse("0")).Adapter);
        Assert.AreSame(Radeon, AdapterPolicy.Choose([Intel, Rtx, Radeon], AdapterPreference.Parse("radeon")).Adapter);
        (GpuAdapter? none, string reason) = AdapterPolicy.Choose([Intel, Rtx], AdapterPreference.Parse("7"));
        Assert.IsNull(none);
        StringAssert.Contains(reason, "no adapter #7 (found #0 Intel(R) UHD Graphics 630 (128 MiB dedicated), #1 NVIDIA");
        Assert.IsNull(AdapterPolicy.Choose([Warp], AdapterPreference.Parse("3")).Adapter, "software by index is refused");
        Assert.IsNull(AdapterPolicy.Choose([Intel], AdapterPreference.Parse("quadro")).Adapter);
        Assert.IsTrue(AdapterPreference.Parse(" AUTO ").IsAuto);
    }

    [TestMethod]
    public void WindowsUsesDirectMLOnTheChosenAdapterAndTheDecoderStaysOnTheCpu()
    {
        ProviderPlan plan = ProviderSelector.Select(ProviderRequest.Default, Windows(Intel, Rtx));
        Assert.AreEqual(ExecutionProvider.DirectML, plan.Encoder.Provider);
        Assert.AreEqual(1, plan.Encoder.DeviceId, "DirectML's device id is the DXGI enumeration index");
        Assert.AreEqual(Rtx.Name, plan.Encoder.Device);
        Assert.AreEqual(ExecutionProvider.Cpu, plan.Decoder.Provider);
        StringAssert.Contains(plan.Decoder.Reason, "decoder is light");

        ProviderPlan both = ProviderSelector.Select(new ProviderRequest { DecoderOnGpu = true }, Windows(Intel, Rtx));
        Assert.AreEqual(plan.Encoder, both.Decoder);
    }

    [TestMethod]
    public void FallbacksToTheCpuAlwaysSayWhy()
    {
        var noDml = Windows(Rtx) with { OrtProviders = new HashSet<string> { MachineCapabilities.CpuProviderName } };
        AssertCpu(ProviderSelector.Select(ProviderRequest.Default, noDml), "no DirectML provider");
        AssertCpu(ProviderSelector.Select(ProviderRequest.Default, Windows(Warp)), "only software adapters");
        AssertCpu(ProviderSelector.Select(ProviderRequest.Default, Windows(Rtx) with { AdapterError = "DXGI said no" }), "could not be listed (DXGI said no)");
        AssertCpu(ProviderSelector.Select(new ProviderRequest { Adapter = AdapterPreference.Parse("9") }, Windows(Rtx)), "no adapter #9");
        AssertCpu(ProviderSelector.Select(ProviderRequest.Default, Linux(cudaBuild: false, driver: true)), "no CUDA provider");
        AssertCpu(ProviderSelector.Select(ProviderRequest.Default, Linux(cudaBuild: true, driver: false)), "no NVIDIA driver");
        AssertCpu(ProviderSelector.Select(new ProviderRequest { Provider = ProviderPreference.DirectML }, Linux(true, true)), "only on Windows");
        AssertCpu(ProviderSelector.Select(new ProviderRequest { Provider = ProviderPreference.Cpu }, Windows(Rtx)), "CPU requested");
    }

    [TestMethod]
    public void LinuxWithCudaBuildAndDriverUsesCuda()
    {
        ProviderPlan plan = ProviderSelector.Select(ProviderRequest.Default, Linux(cudaBuild: true, driver: true));
        Assert.AreEqual(ExecutionProvider.Cuda, plan.Encoder.Provider);
        Assert.AreEqual(ExecutionProvider.Cpu, plan.Decoder.Provider);
    }

    [TestMethod]
    public void ProviderNamesParse()
    {
        Assert.AreEqual(ProviderPreference.Auto, ProviderRequest.ParseProvider(null));
        Assert.AreEqual(ProviderPreference.Cpu, ProviderRequest.ParseProvider("CPU"));
        Assert.AreEqual(ProviderPreference.Cuda, ProviderRequest.ParseProvider("cuda"));
        Assert.AreEqual(ProviderPreference.DirectML, ProviderRequest.ParseProvider("dml"));
        Assert.IsNull(ProviderRequest.ParseProvider("tpu"));
    }

    private static void AssertCpu(ProviderPlan plan, string reason)
    {
        Assert.AreEqual(ExecutionProvider.Cpu, plan.Encoder.Provider, plan.ToString());
        StringAssert.Contains(plan.Encoder.Reason, reason);
    }
}
