namespace HqSam.Interop.Onnx;

/// <summary>How sessions are built. Immutable; part of a pooled session's identity.</summary>
public sealed record SessionSettings
{
    /// <summary>Threads for one CPU operator; 0 lets ONNX Runtime choose (one per physical core).</summary>
    public int IntraOpThreads { get; init; }

    public static SessionSettings Default { get; } = new();
}
