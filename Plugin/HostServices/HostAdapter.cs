using System.Runtime.InteropServices;
using HqSam.Core;
using HqSam.Interop.Providers;
using PaintDotNet.AppModel;
using PaintDotNet.Dxgi;

namespace HqSam.Plugin.HostServices;

/// <summary>
/// The GPU the effects run the encoder on: the one the user chose in Paint.NET (Settings, Graphics),
/// which Paint.NET 5.1.9+ hands out through <c>IDxgiAdapterService2</c>, whose enumeration index is
/// the DirectML device id (Paint.NET's documentation). Older hosts offer no such service; then HqSam's
/// own policy picks (the discrete GPU with the most memory). <see cref="Line"/> says which happened.
/// </summary>
internal sealed record HostAdapter(AdapterPreference Preference, string Line)
{
    public static HostAdapter From(IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (services.GetService(typeof(IDxgiAdapterService2)) is not IDxgiAdapterService2 dxgi)
        {
            return new HostAdapter(AdapterPreference.Auto, "GPU: HqSam's own choice (the discrete GPU with the most memory): this Paint.NET offers no rendering adapter (5.1.9 and later do)");
        }

        // The index is asked for by name, so a 5.1 build whose adapter type lacks GetEnumAdapterIndex (it
        // came with 5.1.9) falls back instead of failing. 5.0.x has neither IDxgiAdapterService2 nor
        // SafeDxgiAdapter (build-real.sh compiles against 5.0.11 with stand-ins), and the plugin (net9.0)
        // loads in 5.1 or later only.
        object? adapter = null;
        try
        {
            adapter = dxgi.GetRenderingAdapter();
            if (adapter.GetType().GetMethod(nameof(SafeDxgiAdapter.GetEnumAdapterIndex)) is not { } indexOf)
            {
                return new HostAdapter(AdapterPreference.Auto, "GPU: HqSam's own choice: this Paint.NET's rendering adapter has no enumeration index (5.1.9 and later have)");
            }

            int index = (int)indexOf.Invoke(adapter, [.. indexOf.GetParameters().Select(p => p.DefaultValue)])!;
            return new HostAdapter(new AdapterPreference(Index: index), $"GPU: Paint.NET's rendering adapter (#{index}, Settings > Graphics)");
        }
        catch (Exception e) when (Unwrap(e) is COMException or InvalidOperationException or ObjectDisposedException or NotSupportedException)
        {
            return new HostAdapter(AdapterPreference.Auto, $"GPU: HqSam's own choice: Paint.NET's rendering adapter could not be read ({Unwrap(e).OneLineMessage()})");
        }
        finally
        {
            (adapter as IDisposable)?.Dispose();
        }
    }

    private static Exception Unwrap(Exception e) => e is System.Reflection.TargetInvocationException { InnerException: { } inner } ? inner : e;
}
