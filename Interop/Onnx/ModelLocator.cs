using HqSam.Core.Model;
using HqSam.Core.Models;

namespace HqSam.Interop.Onnx;

/// <summary>
/// Finds the default model pair without arguments, in this order: the folder named by
/// <c>HQSAM_MODELS</c>; a <c>models</c> folder beside the plugin or tool; the user's model store's
/// default model (the id in its <c>default.txt</c>, else its only model). When none holds both files,
/// one message says where it looked and the fix for the OS it runs on.
/// </summary>
public static class ModelLocator
{
    public const string EnvironmentVariable = "HQSAM_MODELS";

    public static string Find(string? besideAssembly = null, ModelStore? store = null)
    {
        store ??= ModelStore.ForUser();
        string? fromEnvironment = Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } e ? e : null;
        string beside = Path.Combine(besideAssembly ?? AppContext.BaseDirectory, "models");
        string? storeDefault = store.DefaultDirectory();
        foreach (string? dir in new[] { fromEnvironment, beside, storeDefault })
        {
            if (dir is not null && HoldsPair(dir))
            {
                return dir;
            }
        }

        string environmentPart = fromEnvironment is null ? $"{EnvironmentVariable} is not set" : $"{EnvironmentVariable}={fromEnvironment} holds no pair";
        string storePart = storeDefault is null ? $"the model store {store.Root} has no default model" : $"the store's default {storeDefault} is incomplete";
        string fix = OperatingSystem.IsWindows()
            ? "run 'hqsam models import DIR' (a folder with the pair) or install.ps1 -ModelPath DIR"
            : "run 'hqsam models import DIR' (a folder with the pair)";
        throw new ModelFileException(
            beside,
            $"no HQ-SAM model found ({ModelFiles.EncoderFileName} and {ModelFiles.DecoderFileName}): {environmentPart}, this folder has none, and {storePart}; {fix}; README 'Getting the model' says how to make one");
    }

    private static bool HoldsPair(string dir) =>
        File.Exists(Path.Combine(dir, ModelFiles.EncoderFileName)) && File.Exists(Path.Combine(dir, ModelFiles.DecoderFileName));
}
