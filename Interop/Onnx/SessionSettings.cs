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

    /// <summary>Most CPU decoder sessions per model (each serves one decode at a time); encoders and DirectML get one.</summary>
    public int MaxDecoderSessions { get; init; } = 2;

    /// <summary>
    /// Whether the CPU encoder keeps its working memory in ONNX Runtime's arena (the default, and the
    /// fastest for repeated encodes). Off, each tensor is freed after its last use and the arena does
    /// not hold the weights' initial copies: on the reference pair (Hiera-L, 12 MP, 2 cores) a
    /// single-shot <c>hqsam segment</c> peaks about 170 MB lower (1.97 GB instead of 2.14 GB) and its one encode takes about 6 %
    /// longer. For one-image runs; the effects keep the default.
    /// </summary>
    public bool EncoderArena { get; init; } = true;

    public static SessionSettings Default { get; } = new();

    /// <summary>
    /// These settings with saved graphs in <paramref name="cacheDirectory"/> (the user's cache folder;
    /// null when the cache is off, and then nothing is saved or looked for).
    /// </summary>
    public SessionSettings WithSavedGraphs(string? cacheDirectory, bool build = false) =>
        cacheDirectory is null ? this : this with { OptimizedModelDirectory = cacheDirectory, BuildOptimizedModel = build };

    /// <summary>For a run that encodes one image and exits: the lowest peak memory (see <see cref="EncoderArena"/>).</summary>
    public static SessionSettings SingleShot { get; } = new() { EncoderArena = false };
}
