// Stand-ins for the types of PaintDotNet.Windows.dll that compiling the plugin reaches, for a folder of
// real Paint.NET assemblies without that DLL (see PaintDotNet.StandIns.csproj). Every declaration is a
// row of Plugin.Facade/Signatures.md; bodies throw: this is compiled, never run.
using PaintDotNet.Rendering;

namespace PaintDotNet.Imaging
{
    public interface IBitmapSource : IDisposable
    {
        SizeInt32 Size { get; }
    }

    public interface IBitmapSource<TPixel> : IBitmapSource where TPixel : unmanaged, INaturalPixelInfo
    {
    }

    public interface IBitmapLock<TPixel> : IDisposable where TPixel : unmanaged, INaturalPixelInfo
    {
    }
}

namespace PaintDotNet.Interop
{
    public class SafeComObject : Microsoft.Win32.SafeHandles.SafeHandleZeroOrMinusOneIsInvalid
    {
        private protected SafeComObject()
            : base(ownsHandle: true)
        {
        }

        protected override bool ReleaseHandle() => throw new PlatformNotSupportedException();
    }
}

namespace PaintDotNet.Dxgi
{
    public enum DxgiGpuPreference
    {
        Unspecified = 0,
        MinimumPower = 1,
        HighPerformance = 2,
    }
}
