using System.ComponentModel.Design;
using HqSam.Interop.Providers;
using HqSam.Plugin;
using HqSam.Plugin.HostServices;
using PaintDotNet.AppModel;
using PaintDotNet.Dxgi;

namespace HqSam.Tests.Plugin;

/// <summary>The GPU the effects use: Paint.NET's rendering adapter where the host offers it (5.1.9+), HqSam's own choice otherwise, and always a line saying which.</summary>
[TestClass]
public sealed class HostAdapterTests
{
    [TestMethod]
    public void PaintDotNetsRenderingAdapterIsTheDirectMlDevice()
    {
        HostAdapter chosen = HostAdapter.From(Services(new FakeDxgi(() => new SafeDxgiAdapter(2))));
        Assert.AreEqual(new AdapterPreference(Index: 2), chosen.Preference);
        Assert.AreEqual("GPU: Paint.NET's rendering adapter (#2, Settings > Graphics)", chosen.Line);
    }

    [TestMethod]
    public void AnOlderPaintDotNetLeavesTheChoiceToHqSamAndSaysSo()
    {
        HostAdapter chosen = HostAdapter.From(Services());
        Assert.IsTrue(chosen.Preference.IsAuto);
        StringAssert.Contains(chosen.Line, "HqSam's own choice");
        StringAssert.Contains(chosen.Line, "offers no rendering adapter");
    }

    [TestMethod]
    public void AnAdapterThatCannotBeReadFallsBackWithTheReason()
    {
        HostAdapter chosen = HostAdapter.From(Services(new FakeDxgi(() => throw new InvalidOperationException("device removed"))));
        Assert.IsTrue(chosen.Preference.IsAuto);
        Assert.AreEqual("GPU: HqSam's own choice: Paint.NET's rendering adapter could not be read (device removed)", chosen.Line);
    }

    [TestMethod]
    public void TheFirstHostToAskDecidesAndTheModelLoadsWithIt()
    {
        var models = new ModelHost();
        models.UseHostServices(Services(new FakeDxgi(() => new SafeDxgiAdapter(1))));
        models.UseHostServices(Services()); // a second dialog changes nothing
        Assert.AreEqual(new AdapterPreference(Index: 1), models.Adapter!.Preference);
    }

    private static ServiceContainer Services(IDxgiAdapterService2? dxgi = null)
    {
        var services = new ServiceContainer();
        if (dxgi is not null)
        {
            services.AddService(typeof(IDxgiAdapterService2), dxgi);
        }

        return services;
    }

    private sealed class FakeDxgi(Func<SafeDxgiAdapter> adapter) : IDxgiAdapterService2
    {
        public SafeDxgiAdapter GetRenderingAdapter() => adapter();
    }
}
