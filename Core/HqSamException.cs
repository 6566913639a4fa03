namespace HqSam.Core;

/// <summary>
/// Base of every error the pipeline reports to a user: the message is one line that names the
/// problem (file, tensor, value). Hosts catch this type and show <see cref="Exception.Message"/>;
/// anything else escaping is a bug.
/// </summary>
public class HqSamException : Exception
{
    public HqSamException(string message) : base(message) { }

    public HqSamException(string message, Exception? inner) : base(message, inner) { }
}
