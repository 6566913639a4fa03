using System.Runtime.InteropServices;
using System.Runtime.Versioning;

namespace HqSam.Interop.Windows;

/// <summary>
/// Puts Unicode text on the Windows clipboard (OpenClipboard, EmptyClipboard, SetClipboardData with
/// CF_UNICODETEXT in movable global memory). Usable from any thread; the memory belongs to the
/// clipboard once SetClipboardData succeeds and is freed here otherwise.
/// </summary>
[SupportedOSPlatform("windows")]
internal static partial class Win32Clipboard
{
    private const uint CfUnicodeText = 13;
    private const uint GmemMoveable = 0x0002;

    /// <returns>Null on success, else why it failed.</returns>
    public static string? SetText(string text)
    {
        // Another program may hold the clipboard for a moment.
        bool open = false;
        for (int attempt = 0; attempt < 10 && !(open = OpenClipboard(0)); attempt++)
        {
            Thread.Sleep(20);
        }

        if (!open)
        {
            return $"the clipboard is in use by another program (error {Marshal.GetLastPInvokeError()})";
        }

        try
        {
            if (!EmptyClipboard())
            {
                return $"the clipboard could not be emptied (error {Marshal.GetLastPInvokeError()})";
            }

            nuint bytes = (nuint)((text.Length + 1) * sizeof(char));
            nint memory = GlobalAlloc(GmemMoveable, bytes);
            if (memory == 0)
            {
                return "out of memory for the clipboard text";
            }

            nint target = GlobalLock(memory);
            if (target == 0)
            {
                GlobalFree(memory);
                return "clipboard memory could not be locked";
            }

            unsafe
            {
                var destination = new Span<char>((void*)target, text.Length + 1);
                text.AsSpan().CopyTo(destination);
                destination[text.Length] = '\0';
            }

            GlobalUnlock(memory);
            if (SetClipboardData(CfUnicodeText, memory) == 0)
            {
                GlobalFree(memory);
                return $"the clipboard refused the text (error {Marshal.GetLastPInvokeError()})";
            }

            return null;
        }
        finally
        {
            CloseClipboard();
        }
    }

    [LibraryImport("user32.dll", SetLastError = true)]
    [return: MarshalAs(UnmanagedType.Bool)]
    private static partial bool OpenClipboard(nint owner);

    [LibraryImport("user32.dll", SetLastError = true)]
    [return: MarshalAs(UnmanagedType.Bool)]
    private static partial bool EmptyClipboard();

    [LibraryImport("user32.dll", SetLastError = true)]
    [return: MarshalAs(UnmanagedType.Bool)]
    private static partial bool CloseClipboard();

    [LibraryImport("user32.dll", SetLastError = true)]
    private static partial nint SetClipboardData(uint format, nint memory);

    [LibraryImport("kernel32.dll", SetLastError = true)]
    private static partial nint GlobalAlloc(uint flags, nuint bytes);

    [LibraryImport("kernel32.dll", SetLastError = true)]
    private static partial nint GlobalLock(nint memory);

    [LibraryImport("kernel32.dll", SetLastError = true)]
    [return: MarshalAs(UnmanagedType.Bool)]
    private static partial bool GlobalUnlock(nint memory);

    [LibraryImport("kernel32.dll", SetLastError = true)]
    private static partial nint GlobalFree(nint memory);
}
