// Facade: see Signatures.md. Host services and plugin metadata (PaintDotNet.Core.dll,
// PaintDotNet.Base.dll), so the Windows-side adapters compile here too. Tests never provide these services.
using System.Windows.Forms;

namespace PaintDotNet.AppModel
{
    [Flags]
    public enum ExceptionDetailOptions : long
    {
        Default = 0,
        ExcludeDiagnostics = 1,
    }

    public interface IExceptionDialogService
    {
        void ShowErrorDialog(IWin32Window? owner, Exception exception, ExceptionDetailOptions exceptionDetailOptions = ExceptionDetailOptions.Default);

        void ShowErrorDialog(IWin32Window? owner, string? message, Exception exception, ExceptionDetailOptions exceptionDetailOptions = ExceptionDetailOptions.Default);

        void ShowErrorDialog(IWin32Window? owner, string? message, string detailsText);
    }

    public interface IClipboardService : Clipboard.IClipboard
    {
    }

    /// <summary>The root of every plugin's options record (effects' options derive from it).</summary>
    public abstract record PluginOptions
    {
        private protected PluginOptions()
        {
        }

        // Paint.NET names the copy constructor's parameter so (the compiler's default is "original").
        protected PluginOptions(PluginOptions cloneFrom)
        {
            ArgumentNullException.ThrowIfNull(cloneFrom);
        }
    }
}

namespace PaintDotNet.Clipboard
{
    public interface IClipboard
    {
    }

    public static class ClipboardExtensions
    {
        public static void SetText(this IClipboard clipboard, string text)
        {
            ArgumentNullException.ThrowIfNull(clipboard);
            ArgumentNullException.ThrowIfNull(text);
            throw new PlatformNotSupportedException("Paint.NET's clipboard exists only inside Paint.NET");
        }
    }
}

namespace PaintDotNet
{
    public interface IPluginSupportInfo
    {
        string? Author { get; }

        string? Copyright { get; }

        string? DisplayName { get; }

        Version? Version { get; }

        Uri? WebsiteUri { get; }
    }

    [AttributeUsage(AttributeTargets.Assembly | AttributeTargets.Class | AttributeTargets.Interface, AllowMultiple = false, Inherited = false)]
    public class PluginSupportInfoAttribute : Attribute, IPluginSupportInfo
    {
        public PluginSupportInfoAttribute(Type pluginSupportInfoOrProviderType)
            : this((IPluginSupportInfo)Activator.CreateInstance(pluginSupportInfoOrProviderType)!)
        {
        }

        private protected PluginSupportInfoAttribute(IPluginSupportInfo info)
        {
            (Author, Copyright, DisplayName, Version, WebsiteUri) = (info.Author, info.Copyright, info.DisplayName, info.Version ?? new Version(0, 0), info.WebsiteUri);
        }

        public string? Author { get; set; }

        public string? Copyright { get; set; }

        public string? DisplayName { get; set; }

        public Version Version { get; set; }

        public Uri? WebsiteUri { get; set; }
    }

    public sealed class PluginSupportInfoAttribute<T> : PluginSupportInfoAttribute
        where T : IPluginSupportInfo, new()
    {
        public PluginSupportInfoAttribute()
            : base(new T())
        {
        }
    }
}

namespace PaintDotNet.AppModel
{
    public interface IDxgiAdapterService
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

        protected override bool ReleaseHandle() => true;
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
