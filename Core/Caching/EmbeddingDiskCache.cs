using System.Buffers.Binary;
using System.IO.Hashing;
using System.Runtime.InteropServices;
using System.Text;
using HqSam.Core.Contract;

namespace HqSam.Core.Caching;

/// <summary>
/// Image embeddings on disk, so that reopening a layer after a restart does not encode it again
/// (the encoder is the one slow step: seconds on a GPU, ten or more on a CPU).
/// <para>
/// One file per embedding, named after its key (the image's content hash and the model's identity),
/// holding a header with the key, the tensor sizes and an XxHash128 of the payload, then the three
/// encoder outputs as float32. A file whose header, size or checksum does not match is deleted and
/// reported as a miss: a corrupt entry is never decoded. Files are written to a temporary name and
/// renamed into place, so another process (a second Paint.NET, a CLI run) sees either the whole entry
/// or none. The folder is kept under a byte budget by dropping the least recently used entries (a hit
/// refreshes the file's write time). Entries are float32: 16 MB each, so the default 2 GB holds 128
/// images.
/// </para>
/// </summary>
public sealed class EmbeddingDiskCache
{
    public const string DirectoryVariable = "HQSAM_CACHE_DIR";

    /// <summary>The budget in MB; 0 turns the disk cache off.</summary>
    public const string BudgetVariable = "HQSAM_CACHE_MB";

    public const long DefaultBudgetBytes = 2048L * 1024 * 1024;

    public const string Extension = ".embedding";

    /// <summary>
    /// Optimised model graphs the CPU runtime saves beside the embeddings (Interop's <c>SavedGraph</c>):
    /// the same folder, budget, listing and clearing, so that one setting governs all of HqSam's cache.
    /// </summary>
    public const string GraphExtension = ".ort";

    private const int Version = 1;
    private const int MaxIdentityBytes = 1024;
    private static readonly byte[] Magic = "HQSAMEMB"u8.ToArray();

    public EmbeddingDiskCache(string directory, long budgetBytes = DefaultBudgetBytes)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        ArgumentOutOfRangeException.ThrowIfNegative(budgetBytes);
        Directory = directory;
        BudgetBytes = budgetBytes;
    }

    public string Directory { get; }

    public long BudgetBytes { get; }

    /// <summary>
    /// The user's cache: <c>HQSAM_CACHE_DIR</c>, else the OS's cache folder (<c>XDG_CACHE_HOME</c> or
    /// <c>~/.cache</c> on Linux, <c>~/Library/Caches</c> on macOS, LocalApplicationData on Windows) +
    /// <c>HqSam/embeddings</c>; budget <c>HQSAM_CACHE_MB</c> (default 2048). Null when the budget is 0.
    /// </summary>
    public static EmbeddingDiskCache? ForUser()
    {
        long budget = DefaultBudgetBytes;
        if (Environment.GetEnvironmentVariable(BudgetVariable) is { Length: > 0 } text)
        {
            budget = long.TryParse(text, out long mb) && mb >= 0
                ? mb * 1024 * 1024
                : throw new HqSamException($"{BudgetVariable}={text}: expected a size in MB (0 turns the embedding cache off)");
        }

        return budget == 0 ? null : new EmbeddingDiskCache(UserDirectory(), budget);
    }

    public static string UserDirectory()
    {
        if (Environment.GetEnvironmentVariable(DirectoryVariable) is { Length: > 0 } given)
        {
            return given;
        }

        string root;
        if (OperatingSystem.IsWindows())
        {
            root = Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.DoNotVerify);
        }
        else if (OperatingSystem.IsMacOS())
        {
            root = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), "Library", "Caches");
        }
        else
        {
            root = Environment.GetEnvironmentVariable("XDG_CACHE_HOME") is { Length: > 0 } xdg
                ? xdg
                : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
        }

        return Path.Combine(root, "HqSam", "embeddings");
    }

    /// <summary>The embedding for <paramref name="key"/>, or false when there is none or it failed its checks (then it is deleted).</summary>
    public bool TryLoad(EmbeddingKey key, out ImageEmbedding embedding)
    {
        embedding = null!;
        string path = PathOf(key);
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return false;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Being replaced by another process right now, or not readable by this user (another
            // account's file, a folder in its place; on Windows also a file pending deletion):
            // encode, as on a miss.
            return false;
        }

        if (!TryParse(bytes, key, out embedding))
        {
            QuietDelete.TryDelete(path);
            return false;
        }

        Touch(path);
        return true;
    }

    /// <summary>Writes the entry (whole or not at all), then trims the folder to the budget.</summary>
    public void Save(EmbeddingKey key, ImageEmbedding embedding)
    {
        ArgumentNullException.ThrowIfNull(embedding);
        System.IO.Directory.CreateDirectory(Directory);
        string path = PathOf(key);
        string temporary = Path.Combine(Directory, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            {
                stream.Write(Header(key, embedding));
                stream.Write(MemoryMarshal.AsBytes(embedding.HighResFeats0.AsSpan()));
                stream.Write(MemoryMarshal.AsBytes(embedding.HighResFeats1.AsSpan()));
                stream.Write(MemoryMarshal.AsBytes(embedding.ImageEmbed.AsSpan()));
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, path, overwrite: true);
        }
        catch (IOException)
        {
            // Disk full, or another process holds the entry open while writing the same one: the
            // embedding is still in memory; the disk copy is only an optimisation.
            QuietDelete.TryDelete(temporary);
            return;
        }
        catch (UnauthorizedAccessException)
        {
            QuietDelete.TryDelete(temporary);
            return;
        }

        Trim();
    }

    /// <summary>Entries, most recently used first.</summary>
    public IReadOnlyList<EmbeddingDiskEntry> List()
    {
        if (!System.IO.Directory.Exists(Directory))
        {
            return [];
        }

        var entries = new List<EmbeddingDiskEntry>();
        foreach ((string path, long length, DateTime written) in Snapshot("*" + Extension))
        {
            if (ReadKey(path) is { } key)
            {
                entries.Add(new EmbeddingDiskEntry(path, key, length, written));
            }
        }

        entries.Sort((a, b) => b.LastUsedUtc.CompareTo(a.LastUsedUtc));
        return entries;
    }

    /// <summary>Saved model graphs (<see cref="GraphExtension"/>), most recently used first.</summary>
    public IReadOnlyList<(string Path, long SizeInBytes, DateTime LastUsedUtc)> Graphs() =>
        System.IO.Directory.Exists(Directory) ? [.. SavedGraphs().OrderByDescending(g => g.LastWriteUtc)] : [];

    /// <summary>Saved graphs, without the temporary files (<c>.NAME.tmp.ort</c>) a writer has not renamed yet.</summary>
    private IEnumerable<(string Path, long Length, DateTime LastWriteUtc)> SavedGraphs() =>
        Snapshot("*" + GraphExtension).Where(g => !Path.GetFileName(g.Path).StartsWith('.'));

    /// <summary>Deletes every entry and saved graph (and stale temporary files); returns how many of each and the bytes that went.</summary>
    public (int Entries, int Graphs, long Bytes) Clear()
    {
        if (!System.IO.Directory.Exists(Directory))
        {
            return (0, 0, 0);
        }

        int entries = 0, graphs = 0;
        long bytes = 0;
        foreach ((string path, long length, _) in Snapshot("*" + Extension).Concat(SavedGraphs()).Concat(Snapshot(".*.tmp*")))
        {
            if (QuietDelete.TryDelete(path) && !Path.GetFileName(path).StartsWith('.'))
            {
                entries += path.EndsWith(Extension, StringComparison.Ordinal) ? 1 : 0;
                graphs += path.EndsWith(GraphExtension, StringComparison.Ordinal) ? 1 : 0;
                bytes += length;
            }
        }

        return (entries, graphs, bytes);
    }

    /// <summary>
    /// Drops least recently used entries and saved graphs until the folder fits the budget; also
    /// temporary files a crashed writer left.
    /// </summary>
    public void Trim()
    {
        if (!System.IO.Directory.Exists(Directory))
        {
            return;
        }

        // Another process may delete or replace any of these meanwhile: a file that vanished is skipped.
        var files = Snapshot("*" + Extension).Concat(SavedGraphs()).OrderByDescending(f => f.LastWriteUtc).ToList();
        long total = 0;
        foreach ((string path, long length, _) in files)
        {
            total += length;
            if (total > BudgetBytes)
            {
                QuietDelete.TryDelete(path);
            }
        }

        foreach ((string path, _, DateTime written) in Snapshot(".*.tmp*"))
        {
            if (DateTime.UtcNow - written > TimeSpan.FromHours(1))
            {
                QuietDelete.TryDelete(path);
            }
        }
    }

    /// <summary>Path, size and write time of the matching files that still exist as they are read.</summary>
    private List<(string Path, long Length, DateTime LastWriteUtc)> Snapshot(string pattern)
    {
        var files = new List<(string, long, DateTime)>();
        foreach (FileInfo file in new DirectoryInfo(Directory).EnumerateFiles(pattern))
        {
            try
            {
                files.Add((file.FullName, file.Length, file.LastWriteTimeUtc));
            }
            catch (IOException)
            {
                // Deleted or being replaced by another process between the listing and the read.
            }
        }

        return files;
    }

    public string PathOf(EmbeddingKey key)
    {
        var hash = new XxHash128();
        Span<byte> content = stackalloc byte[16];
        BinaryPrimitives.WriteUInt128LittleEndian(content, key.ContentHash);
        hash.Append(content);
        hash.Append(Encoding.UTF8.GetBytes(key.ModelIdentity));
        return Path.Combine(Directory, Convert.ToHexStringLower(hash.GetCurrentHash()) + Extension);
    }

    // Header: magic, version, the three tensor lengths, content hash, identity (length + UTF-8), payload XxHash128.
    private static byte[] Header(EmbeddingKey key, ImageEmbedding embedding)
    {
        byte[] identity = Identity(key);
        var header = new byte[HeaderLength(identity.Length)];
        Span<byte> h = header;
        Magic.CopyTo(h);
        BinaryPrimitives.WriteInt32LittleEndian(h[8..], Version);
        BinaryPrimitives.WriteInt32LittleEndian(h[12..], embedding.HighResFeats0.Length);
        BinaryPrimitives.WriteInt32LittleEndian(h[16..], embedding.HighResFeats1.Length);
        BinaryPrimitives.WriteInt32LittleEndian(h[20..], embedding.ImageEmbed.Length);
        BinaryPrimitives.WriteUInt128LittleEndian(h[24..], key.ContentHash);
        BinaryPrimitives.WriteInt32LittleEndian(h[40..], identity.Length);
        identity.CopyTo(h[44..]);
        var checksum = new XxHash128();
        checksum.Append(MemoryMarshal.AsBytes(embedding.HighResFeats0.AsSpan()));
        checksum.Append(MemoryMarshal.AsBytes(embedding.HighResFeats1.AsSpan()));
        checksum.Append(MemoryMarshal.AsBytes(embedding.ImageEmbed.AsSpan()));
        BinaryPrimitives.WriteUInt128LittleEndian(h[(44 + identity.Length)..], checksum.GetCurrentHashAsUInt128());
        return header;
    }

    private static int HeaderLength(int identityBytes) => 44 + identityBytes + 16;

    private static byte[] Identity(EmbeddingKey key)
    {
        byte[] identity = Encoding.UTF8.GetBytes(key.ModelIdentity);
        return identity.Length <= MaxIdentityBytes ? identity : throw new ArgumentException("model identity too long for the embedding cache", nameof(key));
    }

    private static bool TryParse(byte[] bytes, EmbeddingKey key, out ImageEmbedding embedding)
    {
        // The header and the checksum are checked before the 16 MB of arrays are allocated.
        embedding = null!;
        byte[] identity = Identity(key);
        int headerLength = HeaderLength(identity.Length);
        ReadOnlySpan<byte> b = bytes;
        if (b.Length != headerLength + ImageEmbedding.SizeInBytes
            || !b[..8].SequenceEqual(Magic)
            || BinaryPrimitives.ReadInt32LittleEndian(b[8..]) != Version
            || BinaryPrimitives.ReadInt32LittleEndian(b[12..]) != SamContract.HighResFeats0Spec.ElementCount
            || BinaryPrimitives.ReadInt32LittleEndian(b[16..]) != SamContract.HighResFeats1Spec.ElementCount
            || BinaryPrimitives.ReadInt32LittleEndian(b[20..]) != SamContract.ImageEmbedSpec.ElementCount
            || BinaryPrimitives.ReadUInt128LittleEndian(b[24..]) != key.ContentHash
            || BinaryPrimitives.ReadInt32LittleEndian(b[40..]) != identity.Length
            || !b.Slice(44, identity.Length).SequenceEqual(identity))
        {
            return false;
        }

        ReadOnlySpan<byte> data = b[headerLength..];
        if (XxHash128.HashToUInt128(data) != BinaryPrimitives.ReadUInt128LittleEndian(b[(44 + identity.Length)..]))
        {
            return false;
        }

        var expected = new ImageEmbedding();
        int f0 = expected.HighResFeats0.Length * sizeof(float), f1 = expected.HighResFeats1.Length * sizeof(float);
        data[..f0].CopyTo(MemoryMarshal.AsBytes(expected.HighResFeats0.AsSpan()));
        data.Slice(f0, f1).CopyTo(MemoryMarshal.AsBytes(expected.HighResFeats1.AsSpan()));
        data[(f0 + f1)..].CopyTo(MemoryMarshal.AsBytes(expected.ImageEmbed.AsSpan()));
        embedding = expected;
        return true;
    }

    /// <summary>The key an entry's header names (for listing), or null when the header is unreadable.</summary>
    private static EmbeddingKey? ReadKey(string path)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            Span<byte> fixedPart = stackalloc byte[44];
            stream.ReadExactly(fixedPart);
            int length = BinaryPrimitives.ReadInt32LittleEndian(fixedPart[40..]);
            if (!fixedPart[..8].SequenceEqual(Magic) || length is < 0 or > MaxIdentityBytes)
            {
                return null;
            }

            var identity = new byte[length];
            stream.ReadExactly(identity);
            return new EmbeddingKey(BinaryPrimitives.ReadUInt128LittleEndian(fixedPart[24..]), Encoding.UTF8.GetString(identity));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static void Touch(string path)
    {
        try
        {
            File.SetLastWriteTimeUtc(path, DateTime.UtcNow);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Another process replaced or trimmed it meanwhile: the loaded copy is still good.
        }
    }
}
