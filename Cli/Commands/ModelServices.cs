using HqSam.Core.Models;

namespace HqSam.Cli.Commands;

/// <summary>
/// What <c>hqsam models</c> works on: the user's model store, the network and the catalog built into
/// the tool (<see cref="ForUser"/>); tests hand the command line their own.
/// </summary>
internal sealed record ModelServices(Func<ModelStore> Store, Func<HttpClient> Http, Func<ModelCatalog> Catalog)
{
    public static ModelServices ForUser { get; } = new(ModelStore.ForUser, () => new HttpClient { Timeout = TimeSpan.FromMinutes(30) }, BuiltInCatalog);

    /// <summary>The same services with another store (a test's folder).</summary>
    public static ModelServices WithStore(ModelStore store) => ForUser with { Store = () => store };

    /// <summary>models/catalog.json, embedded in the tool.</summary>
    private static ModelCatalog BuiltInCatalog()
    {
        using Stream stream = typeof(ModelServices).Assembly.GetManifestResourceStream("catalog.json")
            ?? throw new InvalidOperationException("the built-in model catalog is missing");
        using var reader = new StreamReader(stream);
        return ModelCatalog.Parse(reader.ReadToEnd(), "catalog.json");
    }
}
