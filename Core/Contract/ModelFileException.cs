namespace HqSam.Core.Contract;

/// <summary>A model file is missing, unreadable, not ONNX, or truncated.</summary>
public sealed class ModelFileException : HqSamException
{
    public ModelFileException(string path, string problem, Exception? inner = null)
        : base($"{path}: {problem}", inner)
    {
        Path = path;
    }

    public string Path { get; }
}
