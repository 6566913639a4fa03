namespace HqSam.Interop.Onnx;

/// <summary>How sessions are built. Immutable; part of a pooled session's key.</summary>
public sealed record SessionSettings
{
    /// <summary>Threads for one CPU operator; 0 lets ONNX Runtime choose (one per physical core).</summary>
    public int IntraOpThreads { get; init; }

    /// <summary>
    /// Where CPU sessions save their optimised graph (<c>OptimizedModelFilePath</c>) and load it on
    /// later starts, skipping the optimisation passes; null to disable.
    /// </summary>
    public string? OptimizedModelDirectory { get; init; }

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

    /// <summary>For a run that encodes one image and exits: the lowest peak memory (see <see cref="EncoderArena"/>).</summary>
    public static SessionSettings SingleShot { get; } = new() { EncoderArena = false };
}
