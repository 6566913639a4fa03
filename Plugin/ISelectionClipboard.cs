namespace HqSam.Plugin;

/// <summary>Where "copy the result as a selection" puts Paint.NET's selection text.</summary>
public interface ISelectionClipboard
{
    /// <returns>Null on success, else why not.</returns>
    string? SetText(string text);
}

/// <summary>The system clipboard (Win32 on Windows).</summary>
internal sealed class SystemSelectionClipboard : ISelectionClipboard
{
    public string? SetText(string text) => HqSam.Interop.SystemClipboard.TrySetText(text);
}
