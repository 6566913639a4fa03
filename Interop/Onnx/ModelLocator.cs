using HqSam.Core.Model;

namespace HqSam.Interop.Onnx;

/// <summary>
/// Finds the default model pair without arguments: <c>HQSAM_MODELS</c>, then a <c>models</c> folder
/// beside the plugin or tool, then the user's model store (its default model). When none holds both
/// files, one message says where it looked and what fixes it.
/// </summary>
public static class ModelLocator
{
    public const string EnvironmentVariable = "HQSAM_MODELS";

    public static IReadOnlyList<string> Candidates(string? besideAssembly = null)
    {
        var list = new List<string>();
        if (Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } fromEnvironment)
        {
            list.Add(fromEnvironment);
        }

        list.Add(Path.Combine(besideAssembly ?? AppContext.BaseDirectory, "models"));
        var store = HqSam.Core.Models.ModelStore.ForUser();
        list.Add(store.DefaultDirectory() ?? Path.Combine(store.Root, "default"));
        return list;
    }

    public static string Find(string? besideAssembly = null)
    {
        IReadOnlyList<string> candidates = Candidates(besideAssembly);
        foreach (string dir in candidates)
        {
            if (File.Exists(Path.Combine(dir, ModelFiles.EncoderFileName)) && File.Exists(Path.Combine(dir, ModelFiles.DecoderFileName)))
            {
                return dir;
            }
        }

        throw new ModelFileException(
            string.Join(", ", candidates),
            $"no HQ-SAM model found (looked for {ModelFiles.EncoderFileName} and {ModelFiles.DecoderFileName}); add one with 'hqsam models import DIR' or 'hqsam models download MANIFEST' (or install.ps1 -ModelPath DIR), or set {EnvironmentVariable}");
    }
}
