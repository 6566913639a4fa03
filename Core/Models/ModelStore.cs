using System.Security.Cryptography;
using HqSam.Core.Contract;

namespace HqSam.Core.Models;

/// <summary>
/// Models in the user's data folder, one folder per id with its <c>model.json</c>. Folders appear
/// whole or not at all: imports and downloads are staged beside the store and moved in by one rename,
/// so an interrupted or corrupt copy never replaces a good model. <c>default.txt</c> names the model
/// tools use without arguments (else the only model there is).
/// </summary>
public sealed class ModelStore(string root)
{
    public const string DefaultPointer = "default.txt";
    public static readonly string[] RequiredFiles = ["encoder.onnx", "decoder.onnx"];

    public string Root { get; } = root;

    /// <summary>The per-user store: LocalApplicationData/HqSam/models (XDG data home on Linux).</summary>
    public static ModelStore ForUser() =>
        new(Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.DoNotVerify), "HqSam", "models"));

    public static void CheckId(string id)
    {
        if (string.IsNullOrWhiteSpace(id) || id.Length > 100 || !id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.') || id.StartsWith('.'))
        {
            throw new ModelStoreException($"model id '{id}': use letters, digits, '-', '_' and '.' only");
        }

        // The id is a folder name on every OS the store moves between: Windows drops a trailing dot
        // (two ids, one folder) and keeps device names (CON, NUL, COM1…), with any extension, for itself.
        if (id.EndsWith('.'))
        {
            throw new ModelStoreException($"model id '{id}': must not end with '.' (Windows drops it from folder names)");
        }

        string stem = id.Split('.')[0].ToUpperInvariant();
        if (stem is "CON" or "PRN" or "AUX" or "NUL" || (stem.Length == 4 && stem[..3] is "COM" or "LPT" && stem[3] is >= '0' and <= '9'))
        {
            throw new ModelStoreException($"model id '{id}': '{stem}' is a device name on Windows, not a folder");
        }
    }

    public string DirectoryOf(string id)
    {
        CheckId(id);
        return Path.Combine(Root, id);
    }

    public IReadOnlyList<ModelManifest> List()
    {
        if (!Directory.Exists(Root))
        {
            return [];
        }

        var manifests = new List<ModelManifest>();
        foreach (string dir in Directory.EnumerateDirectories(Root).Order(StringComparer.Ordinal))
        {
            if (!Path.GetFileName(dir).StartsWith('.') && ModelManifest.TryReadFrom(dir) is { } manifest)
            {
                manifests.Add(manifest);
            }
        }

        return manifests;
    }

    public ModelManifest Get(string id) =>
        ModelManifest.TryReadFrom(DirectoryOf(id)) ?? throw new ModelStoreException($"no model '{id}' in {Root}");

    /// <summary>The default model's folder, or null when the store has none.</summary>
    public string? DefaultDirectory()
    {
        string pointer = Path.Combine(Root, DefaultPointer);
        if (File.Exists(pointer) && File.ReadAllText(pointer).Trim() is { Length: > 0 } id && Directory.Exists(Path.Combine(Root, id)))
        {
            return Path.Combine(Root, id);
        }

        IReadOnlyList<ModelManifest> all = List();
        return all.Count == 1 ? DirectoryOf(all[0].Id) : null;
    }

    public void SetDefault(string id)
    {
        Get(id);
        File.WriteAllText(Path.Combine(Root, DefaultPointer), id);
    }

    /// <summary>True when <c>default.txt</c> names a model that is in the store.</summary>
    public bool HasDefaultPointer()
    {
        string pointer = Path.Combine(Root, DefaultPointer);
        return File.Exists(pointer) && File.ReadAllText(pointer).Trim() is { Length: > 0 } id && Directory.Exists(Path.Combine(Root, id));
    }

    public bool Contains(string id) => File.Exists(Path.Combine(DirectoryOf(id), ModelManifest.FileName));

    /// <summary>Refuses to replace an installed model unless asked to.</summary>
    public void CheckCanInstall(string id, bool replace)
    {
        if (!replace && Contains(id))
        {
            throw new ModelStoreException($"model '{id}' is already in {Root}; use --force to replace it, or --id to import under another name");
        }
    }

    /// <summary>Copies a folder's encoder and decoder into the store under <paramref name="id"/>, with a manifest.</summary>
    /// <param name="family">What the pair was found to be when it was checked (kept in the manifest).</param>
    public ModelManifest Import(string sourceDirectory, string id, string precision = "fp32", string? source = null, bool replace = false, ModelFamily? family = null)
    {
        CheckId(id);
        CheckCanInstall(id, replace);
        if (!Directory.Exists(sourceDirectory))
        {
            throw new ModelStoreException($"{sourceDirectory}: folder not found");
        }

        foreach (string name in RequiredFiles)
        {
            if (!File.Exists(Path.Combine(sourceDirectory, name)))
            {
                throw new ModelStoreException($"{Path.Combine(sourceDirectory, name)}: file not found");
            }
        }

        string staging = NewStaging();
        try
        {
            foreach (string name in RequiredFiles)
            {
                File.Copy(Path.Combine(sourceDirectory, name), Path.Combine(staging, name));
            }

            // A folder the exporter wrote carries its own model.json: where the weights came from, and
            // which network it is, stay known.
            ModelManifest? exported = ModelManifest.TryReadFrom(sourceDirectory);
            source ??= exported?.Source ?? $"imported from {Path.GetFullPath(sourceDirectory)}";
            return CommitStaged(staging, id, precision, source, family, exported?.Architecture);
        }
        catch
        {
            TryDeleteDirectory(staging);
            throw;
        }
    }

    /// <summary>
    /// Installs a staging folder (from <see cref="NewStaging"/>) that already holds the pair: hashes
    /// the files, writes the manifest and moves it in. The staging folder is consumed either way.
    /// </summary>
    public ModelManifest CommitStaged(string staging, string id, string precision, string source, ModelFamily? family = null, string? architecture = null)
    {
        try
        {
            var entries = new List<ModelFileEntry>();
            foreach (string name in RequiredFiles)
            {
                string target = Path.Combine(staging, name);
                entries.Add(new ModelFileEntry(name, new FileInfo(target).Length, Sha256Of(target)));
            }

            var manifest = new ModelManifest(id, precision, source, entries) { Family = family?.DisplayName(), Architecture = architecture };
            Commit(staging, manifest);
            return manifest;
        }
        catch
        {
            TryDeleteDirectory(staging);
            throw;
        }
    }

    /// <summary>Checks every file's presence, size and SHA-256; returns the problems (none when the model is intact).</summary>
    public IReadOnlyList<string> Verify(string id) => VerifyFiles(Get(id), DirectoryOf(id));

    /// <summary>Checks the files a manifest lists, in <paramref name="dir"/>: presence, size and SHA-256.</summary>
    public static IReadOnlyList<string> VerifyFiles(ModelManifest manifest, string dir)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        var problems = new List<string>();
        foreach (ModelFileEntry f in manifest.Files)
        {
            string path = Path.Combine(dir, f.Name);
            if (!File.Exists(path))
            {
                problems.Add($"{path}: missing");
                continue;
            }

            long size = new FileInfo(path).Length;
            if (size != f.Size)
            {
                problems.Add($"{path}: {size} bytes, expected {f.Size}");
                continue;
            }

            string hash = Sha256Of(path);
            if (!hash.Equals(f.Sha256, StringComparison.OrdinalIgnoreCase))
            {
                problems.Add($"{path}: SHA-256 {hash}, expected {f.Sha256.ToLowerInvariant()}");
            }
        }

        return problems;
    }

    public void Remove(string id)
    {
        string dir = DirectoryOf(id);
        if (!Directory.Exists(dir))
        {
            throw new ModelStoreException($"no model '{id}' in {Root}");
        }

        // Renamed first so that a half-deleted model never looks like a model.
        string doomed = Path.Combine(Root, $".removing-{id}-{Guid.NewGuid():N}");
        Directory.Move(dir, doomed);
        TryDeleteDirectory(doomed);
        string pointer = Path.Combine(Root, DefaultPointer);
        if (File.Exists(pointer) && File.ReadAllText(pointer).Trim() == id)
        {
            File.Delete(pointer);
        }
    }

    /// <summary>A fresh staging folder inside the store (same volume, so the final rename is atomic).</summary>
    public string NewStaging()
    {
        string staging = Path.Combine(Root, $".staging-{Guid.NewGuid():N}");
        Directory.CreateDirectory(staging);
        return staging;
    }

    /// <summary>Writes the manifest and swaps the staged folder in, replacing an older copy of the id only now.</summary>
    internal void Commit(string staging, ModelManifest manifest)
    {
        File.WriteAllText(Path.Combine(staging, ModelManifest.FileName), manifest.ToJson());
        string target = DirectoryOf(manifest.Id);
        string? old = null;
        if (Directory.Exists(target))
        {
            old = Path.Combine(Root, $".replaced-{manifest.Id}-{Guid.NewGuid():N}");
            Directory.Move(target, old);
        }

        Directory.Move(staging, target);
        if (old is not null)
        {
            TryDeleteDirectory(old);
        }
    }

    public static string Sha256Of(string path)
    {
        using FileStream stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    public static void TryDeleteDirectory(string dir)
    {
        try
        {
            if (Directory.Exists(dir))
            {
                Directory.Delete(dir, recursive: true);
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
