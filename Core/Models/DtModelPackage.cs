using System.IO.Compression;
using System.Text.Json;

namespace HqSam.Core.Models;

/// <summary>
/// darktable's model package (<c>.dtmodel</c>): a zip whose single top-level folder is the model id,
/// holding a <c>config.json</c> (<c>id</c>, <c>name</c>, <c>task</c>, <c>version</c>, …) and the ONNX
/// files; a SAM-style mask model has <c>encoder.onnx</c> and <c>decoder.onnx</c>. Only those two files
/// are ever read out of the archive, by name, so no entry path can write outside the target folder.
/// </summary>
public sealed class DtModelPackage
{
    public const string Extension = ".dtmodel";
    public const string ConfigName = "config.json";

    private DtModelPackage(string path, string id, string? name, string? task, string? version)
    {
        Path = path;
        Id = id;
        Name = name;
        Task = task;
        Version = version;
    }

    public string Path { get; }

    /// <summary>The id from <c>config.json</c> (else the archive's top-level folder).</summary>
    public string Id { get; }

    public string? Name { get; }

    public string? Task { get; }

    public string? Version { get; }

    /// <summary>True for a file that should be read as a package rather than a model folder.</summary>
    public static bool LooksLikePackage(string path) =>
        File.Exists(path) && (path.EndsWith(Extension, StringComparison.OrdinalIgnoreCase) || path.EndsWith(".zip", StringComparison.OrdinalIgnoreCase));

    /// <summary>Reads the package's description; every problem is one line naming the file.</summary>
    public static DtModelPackage Open(string path)
    {
        using ZipArchive zip = OpenZip(path);
        (string folder, ZipArchiveEntry config) = FindConfig(zip, path);
        JsonElement root;
        try
        {
            using Stream stream = config.Open();
            using JsonDocument document = JsonDocument.Parse(stream);
            root = document.RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw new ModelStoreException($"{path}: {config.FullName} is not valid JSON ({e.OneLineMessage()})", e);
        }

        string? Text(string property) =>
            root.ValueKind == JsonValueKind.Object && root.TryGetProperty(property, out JsonElement v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

        string id = Text("id") is { Length: > 0 } fromConfig ? fromConfig : folder.TrimEnd('/');
        var package = new DtModelPackage(path, id, Text("name"), Text("task"), Text("version"));
        if (package.Task is { } task && task != "mask")
        {
            throw new ModelStoreException($"{path}: a darktable '{task}' model, not a mask model; HqSam takes HQ-SAM 2.1 and SAM 2.1 mask models");
        }

        return package;
    }

    /// <summary>
    /// Extracts <paramref name="fileNames"/> into <paramref name="directory"/>; fails naming what the
    /// archive holds when one is missing.
    /// </summary>
    public void ExtractTo(string directory, IReadOnlyList<string> fileNames)
    {
        ArgumentNullException.ThrowIfNull(fileNames);
        using ZipArchive zip = OpenZip(Path);
        (string folder, _) = FindConfig(zip, Path);
        foreach (string name in fileNames)
        {
            ZipArchiveEntry entry = zip.GetEntry(folder + name) ?? throw new ModelStoreException(
                $"{Path}: has no {name}; it holds {string.Join(", ", zip.Entries.Where(e => e.Name.Length > 0).Select(e => e.FullName))}");
            try
            {
                entry.ExtractToFile(System.IO.Path.Combine(directory, name), overwrite: false);
            }
            catch (InvalidDataException e)
            {
                throw new ModelStoreException($"{Path}: {entry.FullName} is corrupt ({e.Message})", e);
            }
        }
    }

    private static ZipArchive OpenZip(string path)
    {
        try
        {
            return ZipFile.OpenRead(path);
        }
        catch (InvalidDataException e)
        {
            throw new ModelStoreException($"{path}: not a darktable model package (not a zip archive: {e.Message})", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ModelStoreException($"{path}: cannot be read ({e.Message})", e);
        }
    }

    /// <summary>The folder prefix ("" or "id/") that holds config.json: at the root, or in the one top-level folder.</summary>
    private static (string Folder, ZipArchiveEntry Config) FindConfig(ZipArchive zip, string path)
    {
        if (zip.GetEntry(ConfigName) is { } atRoot)
        {
            return (string.Empty, atRoot);
        }

        var configs = zip.Entries.Where(e => e.Name == ConfigName && e.FullName.Count(c => c == '/') == 1).ToList();
        return configs.Count == 1
            ? (configs[0].FullName[..^ConfigName.Length], configs[0])
            : throw new ModelStoreException($"{path}: not a darktable model package (no {ConfigName} in its top-level folder)");
    }
}
