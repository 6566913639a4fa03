// Compiled only against a real Paint.NET install (see HqSam.Plugin.csproj).
using PaintDotNet.AppModel;

namespace HqSam.Plugin.Windows;

/// <summary>Shows failures through Paint.NET's own error dialog (IExceptionDialogService).</summary>
internal sealed class PaintDotNetErrorPresenter(IServiceProvider services) : IErrorPresenter
{
    public void Show(string message)
    {
        if (services.GetService(typeof(IExceptionDialogService)) is IExceptionDialogService dialogs)
        {
            dialogs.ShowErrorDialog(null!, message, new InvalidOperationException(message));
        }
    }
}
