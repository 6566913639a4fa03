// Facade: see Facade.md and Signatures.md. Host services and plugin metadata (PaintDotNet.Core.dll,
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
        {
            Info = (IPluginSupportInfo)Activator.CreateInstance(pluginSupportInfoOrProviderType)!;
        }

        private protected PluginSupportInfoAttribute(IPluginSupportInfo info)
        {
            Info = info;
        }

        public string? Author => Info.Author;

        public string? Copyright => Info.Copyright;

        public string? DisplayName => Info.DisplayName;

        public Version? Version => Info.Version;

        public Uri? WebsiteUri => Info.WebsiteUri;

        private IPluginSupportInfo Info { get; }
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
