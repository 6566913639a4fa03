using HqSam.Core.Models;

namespace HqSam.Cli;

/// <summary>
/// One warning line whenever a command segments with a pair whose <c>model.json</c> says it was
/// exported with random weights: its graph and costs are the real model's, its masks mean nothing,
/// and a user who picked it up by mistake must not take its output for a selection.
/// </summary>
internal static class RandomWeightsNotice
{
    public static void WriteIfRandom(string modelDirectory, TextWriter stderr)
    {
        ModelManifest? manifest;
        try
        {
            manifest = ModelManifest.TryReadFrom(modelDirectory);
        }
        catch (ModelStoreException)
        {
            return; // the manifest is only read for this label; the pair itself is checked when it loads
        }

        if (manifest is { HasRandomWeights: true })
        {
            stderr.WriteLine($"hqsam: warning: {modelDirectory} has random weights (model.json: source {ModelManifest.RandomWeightsSource}); it is for tests and benchmarks, its masks mean nothing");
        }
    }
}
