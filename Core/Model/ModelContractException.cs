namespace HqSam.Core.Model;

/// <summary>
/// A model file loads but does not match the seed contract. Lists every difference, so a user
/// converting their own export sees all problems at once rather than one per attempt.
/// </summary>
public sealed class ModelContractException : HqSamException
{
    public ModelContractException(string path, IReadOnlyList<string> differences)
        : base($"{System.IO.Path.GetFileName(path)}: {string.Join("; ", differences)}")
    {
        Path = path;
        Differences = differences;
    }

    public string Path { get; }

    public IReadOnlyList<string> Differences { get; }
}
