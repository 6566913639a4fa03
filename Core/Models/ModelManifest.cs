using System.Text.Json;
using System.Text.Json.Serialization;

namespace HqSam.Core.Models;

/// <summary>One file of a model: its name in the model folder, size, SHA-256 and, optionally, where to download it.</summary>
public sealed record ModelFileEntry(string Name, long Size, string Sha256, string? Url = null);

/// <summary>
/// <c>model.json</c> in each model folder of the store: what the model is and how to check it.
/// </summary>
public sealed record ModelManifest(string Id, string Precision, string Source, IReadOnlyList<ModelFileEntry> Files)
{
    public const string FileName = "model.json";

    /// <summary>
    /// The source of a pair exported with <c>--random-weights</c>: the real architecture, meaningless
    /// masks. Fine for tests and benchmarks; <c>hqsam</c> warns whenever it segments with one.
    /// </summary>
    public const string RandomWeightsSource = "random-weights";

    /// <summary>"HQ-SAM 2.1" or "SAM 2.1" (<see cref="Contract.ModelFamilyExtensions.DisplayName"/>), as the decoder said at import; null in older manifests.</summary>
    public string? Family { get; init; }

    /// <summary>The network and its size, e.g. "SAM 2.1 Hiera Tiny", when the exporter or the package said; null otherwise.</summary>
    public string? Architecture { get; init; }

    /// <summary>True for a pair built without a checkpoint (<see cref="RandomWeightsSource"/>).</summary>
    [JsonIgnore]
    public bool HasRandomWeights => string.Equals(Source, RandomWeightsSource, StringComparison.Ordinal);

    /// <summary>The manifest in <paramref name="directory"/>, or null when it has none (a plain folder with a pair).</summary>
    public static ModelManifest? TryReadFrom(string directory)
    {
        string path = Path.Combine(directory, FileName);
        return File.Exists(path) ? Parse(File.ReadAllText(path), path) : null;
    }

    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>Parses a manifest; a malformed one is a <see cref="ModelStoreException"/> naming <paramref name="origin"/>.</summary>
    public static ModelManifest Parse(string json, string origin)
    {
        ModelManifest? manifest;
        try
        {
            manifest = JsonSerializer.Deserialize<ModelManifest>(json, Json);
        }
        catch (JsonException e)
        {
            throw new ModelStoreException($"{origin}: not a model manifest ({e.OneLineMessage()})", e);
        }

        if (manifest is null || string.IsNullOrWhiteSpace(manifest.Id) || manifest.Files is null || manifest.Files.Count == 0)
        {
            throw new ModelStoreException($"{origin}: a model manifest needs an id and its files");
        }

        ModelStore.CheckId(manifest.Id);
        foreach (ModelFileEntry f in manifest.Files)
        {
            if (string.IsNullOrWhiteSpace(f.Name) || f.Name.IndexOfAny(['/', '\\']) >= 0 || f.Name is "." or "..")
            {
                throw new ModelStoreException($"{origin}: file name '{f.Name}' is not a plain file name");
            }

            if (f.Sha256 is null || f.Sha256.Length != 64 || !f.Sha256.All(Uri.IsHexDigit))
            {
                throw new ModelStoreException($"{origin}: '{f.Name}' needs a 64-digit SHA-256");
            }
        }

        return manifest;
    }
}
