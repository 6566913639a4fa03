using HqSam.Core.Contract;

namespace HqSam.Interop.Onnx;

/// <summary>Where a model pair lives: a folder with <c>encoder.onnx</c> and <c>decoder.onnx</c>.</summary>
public sealed record ModelFiles(string EncoderPath, string DecoderPath)
{
    public const string EncoderFileName = "encoder.onnx";
    public const string DecoderFileName = "decoder.onnx";

    public static ModelFiles InDirectory(string directory)
    {
        ArgumentNullException.ThrowIfNull(directory);
        if (File.Exists(directory))
        {
            throw new ModelFileException(directory, $"is a file, not a model folder (give the folder that holds {EncoderFileName} and {DecoderFileName})");
        }

        if (!Directory.Exists(directory))
        {
            throw new ModelFileException(directory, "model folder not found");
        }

        return new ModelFiles(Path.Combine(directory, EncoderFileName), Path.Combine(directory, DecoderFileName));
    }

    /// <summary>Fails with the path when a file is missing or empty (ONNX Runtime's own message for that is obscure).</summary>
    public static void CheckReadable(string path)
    {
        var info = new FileInfo(path);
        if (!info.Exists)
        {
            throw new ModelFileException(path, "file not found");
        }

        if (info.Length == 0)
        {
            throw new ModelFileException(path, "file is empty");
        }
    }
}
