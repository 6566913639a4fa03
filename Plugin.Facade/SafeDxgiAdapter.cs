namespace PaintDotNet.Dxgi
{
    /// <summary>
    /// Paint.NET 5.1's wrapper of an IDXGIAdapter. Like <see cref="AppModel.IDxgiAdapterService2"/>, this
    /// file also stands in for it when tools/paintdotnet/build-real.sh compiles against an older Paint.NET.
    /// </summary>
    public sealed class SafeDxgiAdapter : Interop.SafeComObject
    {
        private readonly int _index;

        // A test host's adapter at an enumeration index (Paint.NET wraps a real IDXGIAdapter).
        internal SafeDxgiAdapter(int index)
        {
            _index = index;
        }

        /// <summary>The adapter's index for IDXGIFactory::EnumAdapters, and the device id for DirectML (Paint.NET's documentation).</summary>
        public int GetEnumAdapterIndex(DxgiGpuPreference gpuPreference = DxgiGpuPreference.Unspecified) =>
            gpuPreference == DxgiGpuPreference.Unspecified ? _index : throw new NotSupportedException("the facade knows only the plain enumeration index");
    }
}
