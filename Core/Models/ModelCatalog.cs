using System.Text.Json;
using System.Text.Json.Serialization;

namespace HqSam.Core.Models;

/// <summary>A model the project knows of: where it comes from, its licence, and how to get it.</summary>
/// <param name="Id">The id <c>hqsam models download ID</c> takes.</param>
/// <param name="Upstream">The upstream artefact (checkpoint or package) and its published SHA-256, when there is one.</param>
/// <param name="HowToGet">What to run when there is no pre-converted download.</param>
/// <param name="Download">A pre-converted pair with URLs and hashes, when one is published; null otherwise.</param>
public sealed record CatalogEntry(string Id, string Name, string Licence, string Source, string? Upstream, string HowToGet, ModelManifest? Download);

/// <summary>
/// <c>models/catalog.json</c>: the known models. An entry with a <see cref="CatalogEntry.Download"/>
/// downloads like any manifest; one without says how to convert or import it instead.
/// </summary>
public sealed record ModelCatalog(IReadOnlyList<CatalogEntry> Models)
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        ReadCommentHandling = JsonCommentHandling.Skip,
    };

    public static ModelCatalog Parse(string json, string origin)
    {
        ModelCatalog? catalog;
        try
        {
            catalog = JsonSerializer.Deserialize<ModelCatalog>(json, Json);
        }
        catch (JsonException e)
        {
            throw new ModelStoreException($"{origin}: not a model catalog ({e.OneLineMessage()})", e);
        }

        if (catalog?.Models is null)
        {
            throw new ModelStoreException($"{origin}: a model catalog needs a 'models' list");
        }

        foreach (CatalogEntry entry in catalog.Models)
        {
            ModelStore.CheckId(entry.Id);
            if (entry.Download is { } download)
            {
                // Checked as strictly as a manifest read from a file.
                ModelManifest.Parse(JsonSerializer.Serialize(download, Json), $"{origin} ({entry.Id})");
            }
        }

        return catalog;
    }

    public CatalogEntry? Find(string id) => Models.FirstOrDefault(m => string.Equals(m.Id, id, StringComparison.OrdinalIgnoreCase));
}
