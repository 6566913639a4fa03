using HqSam.Core.Contract;
using HqSam.Interop.Providers;
using Microsoft.ML.OnnxRuntime;

namespace HqSam.Interop.Sessions;

/// <summary>One native session and where it actually runs (a GPU that failed to start leaves a CPU session with the reason).</summary>
public sealed class OnnxSession(InferenceSession session, ProviderChoice actual) : IDisposable
{
    public InferenceSession Session { get; } = session;

    public ProviderChoice Actual { get; } = actual;

    /// <summary>
    /// The saved graph's bytes when the session was made from them: its weights live there (pinned),
    /// so they must outlive the session.
    /// </summary>
    internal byte[]? GraphBytes { get; init; }

    /// <summary>How the graph was loaded, when it says something (the saved optimised graph used, saved, or found damaged).</summary>
    public string? LoadNote { get; init; }

    /// <summary>
    /// The file declares symbolic output dimensions where the contract fixes sizes (as real exports
    /// do), and no run has shown the actual shapes yet: the next run lets ONNX Runtime allocate the
    /// outputs and checks them before trusting pre-allocated buffers. Only the lease holder touches it.
    /// </summary>
    public bool OutputShapesUnverified { get; set; }

    /// <summary>For a decoder: HQ-SAM 2.1 or plain SAM 2.1, as its outputs say (set when it is opened).</summary>
    public ModelFamily Family { get; set; }

    public void Dispose() => Session.Dispose();
}
