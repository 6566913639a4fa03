using HqSam.Interop.Windows;

namespace HqSam.Interop;

/// <summary>Text onto the system clipboard: the Win32 clipboard on Windows; elsewhere there is none to use.</summary>
public static class SystemClipboard
{
    /// <returns>Null on success, else a one-line reason.</returns>
    public static string? TrySetText(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return OperatingSystem.IsWindows() ? Win32Clipboard.SetText(text) : "no system clipboard on this OS";
    }
}
