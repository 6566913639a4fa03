namespace HqSam.Plugin;

/// <summary>Keeps messages instead of showing them (hosts without a dialog service, and tests).</summary>
public sealed class RecordingErrorPresenter : IErrorPresenter
{
    private readonly List<string> _messages = [];

    public IReadOnlyList<string> Messages
    {
        get
        {
            lock (_messages)
            {
                return [.. _messages];
            }
        }
    }

    public void Show(string message)
    {
        lock (_messages)
        {
            _messages.Add(message);
        }
    }
}
