using HqSam.Core.Caching;
using HqSam.Core.Contract;
using HqSam.Core.Models;
using HqSam.Interop.Onnx;
using HqSam.Interop.Providers;
using HqSam.Interop.Sessions;

namespace HqSam.Cli.Commands;

/// <summary>
/// What <c>models verify</c> and <c>models import</c> do with a pair before trusting it: load it and
/// run one decode (the contract, even what only a run shows), compare an export with PyTorch's
/// outputs, and save the CPU sessions' optimised graphs for faster starts.
/// </summary>
internal static class ModelPairCheck
{
    /// <summary>
    /// A folder outside the store, typically fresh from the exporter: its model.json (when present)
    /// against the files, the contract with one decode, and parity/ against PyTorch (when present).
    /// </summary>
    public static int VerifyFolder(string directory, TextWriter stdout, TerminalProgress progress, EmbeddingDiskCache? disk)
    {
        using IDisposable step = progress.Step($"verifying {directory}");
        var problems = new List<string>();
        ModelManifest? manifest = ModelManifest.TryReadFrom(directory);
        if (manifest is not null)
        {
            problems.AddRange(ModelStore.VerifyFiles(manifest, directory));
        }

        string? parity = null;
        if (problems.Count == 0)
        {
            try
            {
                using SessionPool<SessionKey, OnnxSession> pool = OnnxSessionPool.CreatePrivate();
                using OnnxSamModel model = OnnxSamModel.Load(directory, new ModelLoadOptions { Pool = pool, Request = new ProviderRequest { Provider = ProviderPreference.Cpu }, Settings = GraphSettings(disk, build: true) });
                model.ProbeDecoder();
                disk?.Trim();
                if (ModelParity.ReferenceIn(directory) is { } reference)
                {
                    ParityReport report = ModelParity.Check(model, reference);
                    parity = report.ToString();
                    if (!report.Passed)
                    {
                        problems.Add($"differs from {report.Framework}: {report}");
                    }
                }
            }
            catch (Core.HqSamException e)
            {
                problems.Add(e.Message);
            }
        }

        step.Dispose();
        string what = manifest is null ? "no model.json" : $"model.json: {manifest.Source}";
        if (problems.Count > 0)
        {
            stdout.WriteLine($"{directory}: {string.Join("; ", problems)}");
            return HqSamCli.BadInput;
        }

        stdout.WriteLine($"{directory}: OK ({what}; {parity ?? "no parity/ reference to compare with"})");
        return HqSamCli.Ok;
    }

    /// <summary>
    /// Loads the pair and runs one decode, so a contract problem (even one only a run shows) stops the
    /// import. With <paramref name="graphsInto"/>, also saves the CPU sessions' optimised graphs there
    /// where there are none yet (<see cref="SaveGraphs"/>).
    /// </summary>
    /// <returns>The pair's family, as its decoder says.</returns>
    public static ModelFamily CheckPair(string directory, EmbeddingDiskCache? graphsInto = null)
    {
        // A private pool: its sessions (and any hold on the files) end here, before the files move.
        using SessionPool<SessionKey, OnnxSession> pool = OnnxSessionPool.CreatePrivate();
        var options = new ModelLoadOptions { Pool = pool };
        if (graphsInto is not null)
        {
            options = options with { Request = new ProviderRequest { Provider = ProviderPreference.Cpu }, Settings = GraphSettings(graphsInto, build: true) };
        }

        using OnnxSamModel model = OnnxSamModel.Load(directory, options);
        model.ProbeDecoder();
        graphsInto?.Trim();
        return model.Family;
    }

    /// <summary>
    /// Saves the CPU sessions' optimised graphs of the model in <paramref name="directory"/> into the
    /// user's cache (Interop's <c>SavedGraph</c>: later loads take about a quarter of the time), at
    /// the one moment that already costs a load: when the model arrives in the store. False when the
    /// cache is off.
    /// </summary>
    public static bool SaveGraphs(string directory, EmbeddingDiskCache? disk)
    {
        if (disk is null)
        {
            return false;
        }

        CheckPair(directory, disk);
        return true;
    }

    private static SessionSettings GraphSettings(EmbeddingDiskCache? disk, bool build) => SessionSettings.Default.WithSavedGraphs(disk?.Directory, build);
}
