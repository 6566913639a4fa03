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
    /// Whether the CPU encoder keeps its working memory in ONNX Runtime's arena. Off (the default),
    /// each tensor is freed after its last use and nothing is held between encodes. Measured on the
    /// reference pair (Hiera-L, 2 cores, docs/speed.md): the arena holds about 1.07 GB after an
    /// encode against 0.9 GB of tensors really alive at once, so an encode peaks at 2.03 GB with it
    /// and 1.86 GB without, and the dialog, which keeps the encoder while the user clicks, sits about
    /// 1 GB lower between encodes; the price is 6-10 % per encode (fresh pages for every large
    /// tensor). On, for a caller that encodes many images back to back and has the memory.
    /// </summary>
    public bool EncoderArena { get; init; }

    public static SessionSettings Default { get; } = new();

    /// <summary>
    /// These settings with saved graphs in <paramref name="cacheDirectory"/> (the user's cache folder;
    /// null when the cache is off, and then nothing is saved or looked for).
    /// </summary>
    public SessionSettings WithSavedGraphs(string? cacheDirectory, bool build = false) =>
        cacheDirectory is null ? this : this with { OptimizedModelDirectory = cacheDirectory, BuildOptimizedModel = build };
}
