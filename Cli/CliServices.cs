using HqSam.Core.Caching;
using HqSam.Core.Models;

namespace HqSam.Cli;

/// <summary>
/// What the commands work on besides their arguments: the user's model store, the network, the
/// catalog built into the tool, the disk cache and this machine's stage times (<see cref="ForUser"/>).
/// Tests hand the command line their own instead of changing anything process-wide.
/// </summary>
/// <param name="Disk">The embedding cache on disk (and the saved graphs); null when the user turned it off.</param>
internal sealed record CliServices(
    Func<ModelStore> Store,
    Func<HttpClient> Http,
    Func<ModelCatalog> Catalog,
    Func<EmbeddingDiskCache?> Disk,
    Func<StageHistory> History)
{
    public static CliServices ForUser { get; } = new(
        ModelStore.ForUser,
        () => new HttpClient { Timeout = TimeSpan.FromMinutes(30) },
        BuiltInCatalog,
        EmbeddingDiskCache.ForUser,
        StageHistory.InUserCache);

    /// <summary>The same services with another store (a test's folder).</summary>
    public CliServices WithStore(ModelStore store) => this with { Store = () => store };

    /// <summary>models/catalog.json, embedded in the tool.</summary>
    private static ModelCatalog BuiltInCatalog()
    {
        using Stream stream = typeof(CliServices).Assembly.GetManifestResourceStream("catalog.json")
            ?? throw new InvalidOperationException("the built-in model catalog is missing");
        using var reader = new StreamReader(stream);
        return ModelCatalog.Parse(reader.ReadToEnd(), "catalog.json");
    }
}
