using PaintDotNet.AppModel;
using PaintDotNet.Dxgi;

namespace HqSam.PdnHost;

/// <summary>Paint.NET 5.1.9's rendering-adapter service, naming the adapter at one enumeration index.</summary>
internal sealed class StandInDxgiService(int index) : IDxgiAdapterService2
{
    public SafeDxgiAdapter GetRenderingAdapter() => new(index);
}
