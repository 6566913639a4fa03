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

    public static SessionSettings Default { get; } = new();
}
