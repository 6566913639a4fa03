namespace PaintDotNet.AppModel
{
    /// <summary>
    /// Paint.NET 5.1.9+: the adapter the user chose for rendering (Settings, Graphics). Paint.NET 5.1 added
    /// it: this file also stands in for it when tools/paintdotnet/build-real.sh compiles the plugin against
    /// an older Paint.NET's real assemblies, so it holds only what the API reference declares.
    /// </summary>
    public interface IDxgiAdapterService2 : IDxgiAdapterService
    {
        Dxgi.SafeDxgiAdapter GetRenderingAdapter();
    }
}
