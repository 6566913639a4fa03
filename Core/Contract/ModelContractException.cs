namespace HqSam.Core.Contract;

/// <summary>
/// A model file loads but does not match the model contract (docs/model-contract.md). Lists every difference, so a user
/// converting their own export sees all problems at once rather than one per attempt.
/// </summary>
public sealed class ModelContractException : HqSamException
{
    public ModelContractException(string path, IReadOnlyList<string> differences)
        : this(path, differences, hint: null)
    {
    }

    /// <param name="hint">A likelier explanation than the list (the two files swapped, a plain SAM 2.1
    /// decoder); said instead of the list, which stays in <see cref="Differences"/>.</param>
    public ModelContractException(string path, IReadOnlyList<string> differences, string? hint)
        : base(hint is null ? $"{path}: {string.Join("; ", differences)}" : $"{path}: {hint}")
    {
        Path = path;
        Differences = differences;
    }

    public string Path { get; }

    public IReadOnlyList<string> Differences { get; }
}
