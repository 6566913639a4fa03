using System.Windows.Forms;
using PaintDotNet.AppModel;

namespace HqSam.PdnHost;

/// <summary>Paint.NET's error dialog, as the host offers it to effects: each message is logged ("error: ...") instead of shown.</summary>
internal sealed class RecordingExceptionDialogs(EventLog log) : IExceptionDialogService
{
    public void ShowErrorDialog(IWin32Window? owner, Exception exception, ExceptionDetailOptions exceptionDetailOptions = ExceptionDetailOptions.Default) =>
        log.Write($"error: {exception.Message}");

    public void ShowErrorDialog(IWin32Window? owner, string? message, Exception exception, ExceptionDetailOptions exceptionDetailOptions = ExceptionDetailOptions.Default) =>
        log.Write($"error: {message ?? exception.Message}");

    public void ShowErrorDialog(IWin32Window? owner, string? message, string detailsText) =>
        log.Write($"error: {message ?? detailsText}");
}
