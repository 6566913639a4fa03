// Facade: see Facade.md. Host services the plugin asks for (PaintDotNet.Core.dll, PaintDotNet.Base.dll),
// so the Windows-side adapters compile here too. Tests never provide these services.
using System.Windows.Forms;

namespace PaintDotNet.AppModel
{
    public enum ExceptionDetailOptions
    {
        Default = 0,
        ExcludeDiagnostics = 1,
    }

    public interface IExceptionDialogService
    {
        void ShowErrorDialog(IWin32Window owner, Exception exception, ExceptionDetailOptions exceptionDetailOptions = ExceptionDetailOptions.Default);

        void ShowErrorDialog(IWin32Window owner, string message, Exception exception, ExceptionDetailOptions exceptionDetailOptions = ExceptionDetailOptions.Default);

        void ShowErrorDialog(IWin32Window owner, string message, string detailsText);
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
