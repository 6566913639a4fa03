using System.IO.Hashing;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;
using System.Text;
using HqSam.Core;
using HqSam.Interop.Linux;
using Microsoft.ML.OnnxRuntime;

namespace HqSam.Interop.Sessions;

/// <summary>
/// A CPU session's optimised graph saved in ONNX Runtime's own format (<c>.ort</c>), so that a later
/// start skips parsing and optimising the model. On the reference pair (Hiera-L encoder, 2 cores) a
/// load from it takes 0.7-1.0 s instead of 3.3-4.5 s, and because the session reads its weights
/// straight out of the file's bytes (<c>session.use_ort_model_bytes_for_initializers</c>) it also
/// holds them once: 948 MB resident after the load instead of 1460 MB (docs/speed.md). The bytes are
/// asked to live on 2 MB pages (<see cref="TransparentHugePages"/>): with 4 kB pages, faulting in and
/// walking 217,000 of them made a load 4-4.5 s on a VM where the same load now takes 0.5-1 s.
/// <para>
/// Building one costs a load plus about 5 s and 1.2 GB of extra peak memory (ONNX Runtime serialises
/// the whole graph), so it is done only where the caller asks (<see cref="Onnx.SessionSettings.BuildOptimizedModel"/>:
/// importing or verifying a model), never on an ordinary first load.
/// </para>
/// <para>
/// The file's name is the key (the role and model file, then a hash of the file's identity, the
/// optimisation level, ONNX Runtime's version and the processor's instruction set: the optimised
/// graph may use layouts chosen for it) and its content's XxHash128: <c>KEY.CHECKSUM.ort</c>. A
/// stale one (the file rewritten, another version) is never found and is replaced by the next one
/// saved for that file, and a damaged one fails its checksum and is removed. Written to a temporary
/// file and renamed, so a reader sees a whole file or none.
/// </para>
/// </summary>
public sealed class SavedGraph
{
    /// <summary>The extension the cache folder counts, lists and clears as saved graphs.</summary>
    public const string Extension = Core.Caching.EmbeddingDiskCache.GraphExtension;

    private SavedGraph(string directory, string key)
    {
        Directory = directory;
        Key = key;
    }

    /// <summary>The model's part of <see cref="Key"/>: see <see cref="ModelPrefix"/>.</summary>
    private string Prefix => Key[..(Key.LastIndexOf('-') + 1)];

    public string Directory { get; }

    /// <summary>Hex name part shared by every file of this key.</summary>
    public string Key { get; }

    /// <summary>The saved graph's place for a CPU session of <paramref name="key"/>.</summary>
    public static SavedGraph For(string directory, SessionKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        string level = key.Role == ModelRole.Decoder ? key.Settings.DecoderLevel.ToString() : "all";
        string text = string.Join('|', key.FileIdentity, "cpu", level, RuntimeVersion, InstructionSet(), FormatVersion);
        return new SavedGraph(directory, $"{ModelPrefix(key)}{Hash(text)}");
    }

    /// <summary>
    /// ONNX Runtime's version as its managed assembly carries it (the package ships the managed and
    /// native halves together, so it names the native library's version too).
    /// </summary>
    private static readonly string RuntimeVersion =
        typeof(InferenceSession).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyInformationalVersionAttribute), false)
            .OfType<System.Reflection.AssemblyInformationalVersionAttribute>().FirstOrDefault()?.InformationalVersion
        ?? typeof(InferenceSession).Assembly.GetName().Version?.ToString() ?? "unknown";

    /// <summary>
    /// The part of the name shared by every graph ever saved for this model file and role: a new
    /// one (the file rewritten, another ONNX Runtime) replaces the stale ones instead of leaving
    /// them to use up the cache's budget.
    /// </summary>
    private static string ModelPrefix(SessionKey key) => $"{key.Role.ToString().ToLowerInvariant()}-{Hash(Path.GetFullPath(key.Path))[..16]}-";

    private static string Hash(string text) => Convert.ToHexStringLower(XxHash128.Hash(Encoding.UTF8.GetBytes(text)));

    /// <summary>
    /// What decides the graph optimiser's layout choices (ONNX Runtime's NCHWc blocks follow the
    /// widest vector unit): a graph saved on one processor is not trusted on another.
    /// </summary>
    internal static string InstructionSet() =>
        RuntimeInformation.ProcessArchitecture + (Avx512F.IsSupported ? "-avx512" : Avx2.IsSupported ? "-avx2" : Sse41.IsSupported ? "-sse41" : string.Empty);

    /// <summary>The saved file, if one exists (whether it is whole is checked by <see cref="TryRead"/>).</summary>
    public string? Find()
    {
        if (!System.IO.Directory.Exists(Directory))
        {
            return null;
        }

        return System.IO.Directory.EnumerateFiles(Directory, Key + ".*" + Extension).FirstOrDefault();
    }

    /// <summary>
    /// The file's bytes in memory that never moves (the session keeps pointing into them), or null
    /// when the file is gone or fails its checksum; a damaged file is deleted and <paramref name="damaged"/> set.
    /// </summary>
    public static byte[]? TryRead(string path, out bool damaged)
    {
        damaged = false;
        byte[] bytes;
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 1, FileOptions.SequentialScan);
            bytes = GC.AllocateUninitializedArray<byte>(checked((int)stream.Length), pinned: true);
            TransparentHugePages.Advise(bytes);
            stream.ReadExactly(bytes);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or OverflowException)
        {
            return null;
        }

        if (!string.Equals(ChecksumInName(path), Checksum(bytes), StringComparison.Ordinal))
        {
            damaged = true;
            QuietDelete.TryDelete(path);
            return null;
        }

        TouchQuietly(path);
        return bytes;
    }

    /// <summary>A temporary path for ONNX Runtime to write the graph to (see <see cref="Commit"/>).</summary>
    public string NewTemporaryPath()
    {
        System.IO.Directory.CreateDirectory(Directory);
        return Path.Combine(Directory, $".{Key}.{Guid.NewGuid():N}.tmp{Extension}");
    }

    /// <summary>
    /// Names the written file after its checksum and moves it into place; the model file's other
    /// graphs of this role (an older file, another ONNX Runtime or processor) go.
    /// </summary>
    public void Commit(string temporary)
    {
        try
        {
            // Hashed as it streams by: the graph is as large as the model (850 MB for Hiera-L), and
            // holding a second copy of it here would raise an import's peak by that much.
            var hash = new XxHash128();
            using (var stream = new FileStream(temporary, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20, FileOptions.SequentialScan))
            {
                hash.Append(stream);
            }

            string final = Path.Combine(Directory, $"{Key}.{Convert.ToHexStringLower(hash.GetCurrentHash())}{Extension}");
            foreach (string old in System.IO.Directory.EnumerateFiles(Directory, Prefix + "*" + Extension).ToList())
            {
                QuietDelete.TryDelete(old);
            }

            File.Move(temporary, final, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Disk full or a folder that became read-only: the session is fine; only later starts are slower.
            QuietDelete.TryDelete(temporary);
        }
    }


    // Raised when what goes into a saved graph changes (session options that are baked into it).
    private const int FormatVersion = 1;

    private static string Checksum(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(XxHash128.Hash(bytes));

    private static string ChecksumInName(string path)
    {
        string name = Path.GetFileNameWithoutExtension(path);
        int dot = name.LastIndexOf('.');
        return dot < 0 ? string.Empty : name[(dot + 1)..];
    }

    /// <summary>The cache keeps what was used last: a load marks the file as used.</summary>
    private static void TouchQuietly(string path)
    {
        try
        {
            File.SetLastWriteTimeUtc(path, DateTime.UtcNow);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
    }
}
