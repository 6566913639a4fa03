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
    /// Whether the CPU encoder's tensors come from ONNX Runtime's arena. Off (the default), each
    /// tensor is freed after its last use. Measured on the reference pair (Hiera-L, 2 cores,
    /// alternating launches, docs/speed.md): off, an encode peaks at 1862-1880 MB and nothing stays
    /// held after it, but every large tensor of every encode gets fresh pages, 9-13 % slower than
    /// ONNX Runtime's defaults; on, an encode takes what the defaults take, but the arena keeps about
    /// 1.07 GB after it, so the dialog (which keeps the encoder while the user clicks) and
    /// <c>hqsam bench</c> peak at 2.35-2.39 GB. (Giving the arena back after each encode needs
    /// <c>RunOptions.AddRunConfigEntry</c>, which the 1.22 build of the Windows plugin cannot be shown to have.)
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
