// Not Paint.NET's API: how tests stand in for the host where Paint.NET implements things internally.
// Everything here is internal (visible to HqSam.Tests only), so it never widens the public surface
// that Signatures.md pins.
using PaintDotNet.Effects;
using PaintDotNet.Imaging;
using PaintDotNet.Rendering;

namespace PaintDotNet.Facade
{
    /// <summary>A test host's lock: the region <see cref="BitmapLockExtensions.AsRegionPtr"/> returns.</summary>
    internal interface IHostBitmapLock<TPixel> : IBitmapLock<TPixel>
        where TPixel : unmanaged, INaturalPixelInfo
    {
        RegionPtr<TPixel> HostRegion { get; }
    }

    /// <summary>A test host's output tile: what <see cref="BitmapEffectOutputExtensions.LockBgra32"/> locks.</summary>
    internal interface IHostEffectOutput : IBitmapEffectOutput
    {
        IBitmapLock<ColorBgra32> HostLockBgra32();
    }

    /// <summary>A test host's environment: what <see cref="EffectEnvironmentExtensions.GetSourceBitmapBgra32"/> returns.</summary>
    internal interface IHostEffectEnvironment : IBitmapEffectEnvironment
    {
        IEffectInputBitmap<ColorBgra32> HostGetSourceBitmapBgra32();
    }

    internal sealed record Clipper<TPixel>(RectInt32 Rect) : IBitmapSource<TPixel>
        where TPixel : unmanaged, INaturalPixelInfo
    {
        public SizeInt32 Size => Rect.Size;

        public void Dispose()
        {
        }
    }

    internal static class Host
    {
        public static NotSupportedException Only(string what) =>
            new($"{what} from outside Paint.NET: only a test host (PaintDotNet.Facade's IHost* interfaces) provides one here");
    }
}
