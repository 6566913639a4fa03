using PaintDotNet.AppModel;

namespace HqSam.Plugin.HostServices;

/// <summary>Shows failures through Paint.NET's own error dialog (<c>IExceptionDialogService</c>).</summary>
internal sealed class PaintDotNetErrorPresenter(IExceptionDialogService dialogs) : IErrorPresenter
{
    /// <summary>Paint.NET's dialog where the host offers it; elsewhere (tests, other hosts) the messages are kept.</summary>
    public static IErrorPresenter For(IServiceProvider services) =>
        services.GetService(typeof(IExceptionDialogService)) is IExceptionDialogService dialogs
            ? new PaintDotNetErrorPresenter(dialogs)
            : new RecordingErrorPresenter();

    public void Show(string message) => dialogs.ShowErrorDialog(null!, message, new InvalidOperationException(message));
}
