using HqSam.Core.Contract;
using HqSam.Core.Models;

namespace HqSam.Interop.Onnx;

/// <summary>
/// Finds the default model pair without arguments, in this order: the folder named by
/// <c>HQSAM_MODELS</c>; a <c>models</c> folder beside the plugin or tool; the user's model store's
/// default model (the id in its <c>default.txt</c>, else its only model). When none holds both files,
/// one message says where it looked, then the fix the caller gives: how to get a model differs by
/// host (the CLI imports one; the plugin's installer can also take one), and only the host knows it.
/// <c>HQSAM_MODELS</c> set to a folder without the pair is an error naming the variable, never passed
/// over for another model.
/// </summary>
public static class ModelLocator
{
    public const string EnvironmentVariable = "HQSAM_MODELS";

    /// <param name="howToGetOne">The host's own words for getting a model, ending the message when none is found.</param>
    public static string Find(string howToGetOne, string? besideAssembly = null, ModelStore? store = null) =>
        Find(Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } e ? e : null, besideAssembly, store, howToGetOne);

    /// <param name="fromEnvironment">The value of <c>HQSAM_MODELS</c>, null when it is not set.</param>
    internal static string Find(string? fromEnvironment, string? besideAssembly, ModelStore? store, string howToGetOne)
    {
        ArgumentNullException.ThrowIfNull(howToGetOne);
        if (fromEnvironment is not null)
        {
            // The user named a folder: running another model than the one asked for would be a silent lie.
            return HoldsPair(fromEnvironment) ? fromEnvironment : throw new ModelFileException(fromEnvironment,
                $"named by {EnvironmentVariable}, but {WhyNotAPair(fromEnvironment)}; point {EnvironmentVariable} at a folder with the pair, or unset it to use the model store's default");
        }

        store ??= ModelStore.ForUser();
        string beside = Path.Combine(besideAssembly ?? AppContext.BaseDirectory, "models");
        string? storeDefault = store.DefaultDirectory();
        foreach (string? dir in new[] { beside, storeDefault })
        {
            if (dir is not null && HoldsPair(dir))
            {
                return dir;
            }
        }

        string environmentPart = $"{EnvironmentVariable} is not set";
        string storePart = storeDefault is null ? $"the model store {store.Root} has no default model" : $"the store's default {storeDefault} is incomplete";
        throw new ModelFileException(
            beside,
            $"no HQ-SAM model found ({ModelFiles.EncoderFileName} and {ModelFiles.DecoderFileName}): {environmentPart}, this folder has none, and {storePart}; {howToGetOne}");
    }

    /// <summary>
    /// The folder the user named with <paramref name="option"/> (<c>--models</c>), checked before any
    /// other work: a folder that is not there, or holds no pair, is an error naming the option.
    /// </summary>
    public static string Given(string option, string directory) =>
        HoldsPair(directory) ? directory : throw new ModelFileException(directory,
            $"given as {option}, but {WhyNotAPair(directory)}");

    /// <summary>Why a folder the user named cannot be used: the words both the option and the variable refusals end with.</summary>
    private static string WhyNotAPair(string directory) =>
        Directory.Exists(directory) ? $"it holds no {ModelFiles.EncoderFileName} and {ModelFiles.DecoderFileName} pair"
        : File.Exists(directory) ? "it is a file, not a model folder"
        : "there is no such folder";

    private static bool HoldsPair(string dir) =>
        File.Exists(Path.Combine(dir, ModelFiles.EncoderFileName)) && File.Exists(Path.Combine(dir, ModelFiles.DecoderFileName));
}
