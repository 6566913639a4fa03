using HqSam.Plugin;
using HqSam.Plugin.HostServices;

namespace HqSam.Tests.Plugin;

/// <summary>
/// Without Paint.NET's services (other hosts, tests) failures are kept and copying falls back to the
/// system clipboard. (Paint.NET's own dialog and clipboard take WinForms types, which do not load on Linux.)
/// </summary>
[TestClass]
public sealed class HostServicesTests
{
    [TestMethod]
    public void WithoutTheHostsServicesMessagesAreKeptAndTheClipboardFallsBack()
    {
        IErrorPresenter presenter = PaintDotNetErrorPresenter.For(new NoServices());
        presenter.Show("Smart Select: no HQ-SAM model found");
        Assert.AreEqual("Smart Select: no HQ-SAM model found", ((RecordingErrorPresenter)presenter).Messages.Single());

        string? failure = new PaintDotNetClipboard(new NoServices()).SetText("{\"polygonList\":[]}");
        Assert.AreEqual(new SystemSelectionClipboard().SetText("{\"polygonList\":[]}"), failure, "the same answer as the system clipboard's");
        if (!OperatingSystem.IsWindows())
        {
            Assert.AreEqual("no system clipboard on this OS", failure);
        }
    }

    private sealed class NoServices : IServiceProvider
    {
        public object? GetService(Type serviceType) => null;
    }
}
