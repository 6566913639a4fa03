using HqSam.Core;
using PaintDotNet.AppModel;
using PaintDotNet.Clipboard;

namespace HqSam.Plugin.HostServices;

/// <summary>
/// "Copy as selection" through Paint.NET's own clipboard service (<c>IClipboardService</c>, with the
/// <c>ClipboardExtensions.SetText</c> extension), and through the Win32 clipboard where the host has none
/// or it refuses.
/// </summary>
internal sealed class PaintDotNetClipboard(IServiceProvider services) : ISelectionClipboard
{
    public string? SetText(string text)
    {
        if (services.GetService(typeof(IClipboardService)) is not IClipboardService clipboard)
        {
            return new SystemSelectionClipboard().SetText(text);
        }

        try
        {
            clipboard.SetText(text);
            return null;
        }
        catch (Exception e) when (e is System.Runtime.InteropServices.ExternalException or InvalidOperationException or UnauthorizedAccessException)
        {
            return new SystemSelectionClipboard().SetText(text) is null ? null : e.OneLineMessage();
        }
    }
}
