namespace HqSam.Interop.Onnx;

/// <summary>How sessions are built. Immutable; part of a pooled session's key.</summary>
public sealed record SessionSettings
{
    /// <summary>
    /// Threads for one CPU operator; 0 for one per physical core this process may use (counted by
    /// HqSam on Linux, by ONNX Runtime elsewhere: <c>OnnxSessionFactory.IntraOpThreads</c>).
    /// </summary>
    public int IntraOpThreads { get; init; }

    /// <summary>
    /// Where CPU sessions find their saved optimised graphs (<see cref="Sessions.SavedGraph"/>: the
    /// user's cache folder); null to load every model from its own file.
    /// </summary>
    public string? OptimizedModelDirectory { get; init; }

    /// <summary>
    /// Whether a CPU session whose graph is not saved yet saves it while loading (about 5 s and
    /// 1.2 GB more for Hiera-L, once): for importing and verifying a model, not for an ordinary load.
    /// </summary>
    public bool BuildOptimizedModel { get; init; }

    /// <summary>
    /// The decoder's graph optimisation level (docs/speed.md has the measurement that chose it; both
    /// levels give the same masks, <c>DecoderOptimisationLevelTests</c>).
    /// </summary>
    public Microsoft.ML.OnnxRuntime.GraphOptimizationLevel DecoderLevel { get; init; } = Microsoft.ML.OnnxRuntime.GraphOptimizationLevel.ORT_ENABLE_ALL;

    /// <summary>Most CPU decoder sessions per model (each serves one decode at a time); encoders and DirectML get one.</summary>
    public int MaxDecoderSessions { get; init; } = 2;

    /// <summary>
    /// Whether the CPU encoder's tensors come from ONNX Runtime's arena, given back to the system at
    /// the end of each encode (the run option <c>memory.enable_memory_arena_shrinkage</c>), so nothing
    /// stays held while the user clicks. On (the default): each large tensor reuses the arena's pages
    /// instead of faulting in fresh ones. Measured on the reference pair (Hiera-L, 2 cores, alternating
    /// launches, docs/speed.md): on a machine where a page fault is dear (session 13) an encode took
    /// 16.2-17.4 s with it against 22.8-25.8 s without (raw ONNX Runtime 15.2-16.0 s), for a peak about
    /// 120 MB higher; on session 8's machine the gap was 9-13 %. Off, each tensor is freed after its
    /// last use.
    /// </summary>
    public bool EncoderArena { get; init; } = true;


    public static SessionSettings Default { get; } = new();

    /// <summary>
    /// These settings with saved graphs in <paramref name="cacheDirectory"/> (the user's cache folder;
    /// null when the cache is off, and then nothing is saved or looked for).
    /// </summary>
    public SessionSettings WithSavedGraphs(string? cacheDirectory, bool build = false) =>
        cacheDirectory is null ? this : this with { OptimizedModelDirectory = cacheDirectory, BuildOptimizedModel = build };
}
