namespace HqSam.Interop.Onnx;

/// <summary>How sessions are built. Immutable; part of a pooled session's key.</summary>
public sealed record SessionSettings
{
    /// <summary>Threads for one CPU operator; 0 lets ONNX Runtime choose (one per physical core).</summary>
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
    /// Whether the CPU encoder's tensors come from ONNX Runtime's arena (the default), which gives
    /// its free chunks back at the end of every encode. Measured on the reference pair (Hiera-L,
    /// 2 cores, three alternating launches each, docs/speed.md): with it an encode takes what ONNX
    /// Runtime's defaults take (13.0-14.2 s against 12.5-13.2 s), peaks at 2026-2075 MB and leaves
    /// 1049 MB resident; off, each tensor is freed after its last use: the peak is 1862-1880 MB but
    /// every large tensor of every encode gets fresh pages, 9-13 % slower (14.2-15.8 s).
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
