namespace HqSam.Core;

/// <summary>
/// Every message a user sees is one line (a CLI error, a status bar, a dialog's text): what .NET,
/// ONNX Runtime, JSON or the file system say may span several, and is folded here, in one place.
/// </summary>
public static class OneLineText
{
    /// <summary><paramref name="text"/> with its line breaks as spaces, trimmed.</summary>
    public static string OneLine(this string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.ReplaceLineEndings(" ").Trim();
    }

    /// <summary>The exception's message as one line.</summary>
    public static string OneLineMessage(this Exception e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return e.Message.OneLine();
    }
}
