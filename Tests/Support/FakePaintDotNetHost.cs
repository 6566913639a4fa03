using HqSam.Core.Imaging;
using PaintDotNet.Facade;
using PaintDotNet.Rendering;

namespace HqSam.Tests.Support;

/// <summary>The facade's stand-in environment (<see cref="HostEnvironment"/>) over a copy of a test layer.</summary>
internal sealed class FakePaintDotNetHost(BgraImage layer, RectInt32? selection = null)
    : HostEnvironment(layer.Width, layer.Height, layer.Pixels.ToArray(), selection)
{
}
