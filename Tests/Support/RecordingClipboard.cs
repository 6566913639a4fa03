using HqSam.Plugin;

namespace HqSam.Tests.Support;

/// <summary>A clipboard that keeps what it was given, or refuses with <see cref="Failure"/>.</summary>
internal sealed class RecordingClipboard : ISelectionClipboard
{
    public List<string> Texts { get; } = [];

    public string? Failure { get; set; }

    public string? SetText(string text)
    {
        if (Failure is null)
        {
            lock (Texts)
            {
                Texts.Add(text);
            }
        }

        return Failure;
    }
}
