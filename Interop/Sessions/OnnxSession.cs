using HqSam.Interop.Providers;
using Microsoft.ML.OnnxRuntime;

namespace HqSam.Interop.Sessions;

/// <summary>One native session and where it actually runs (a GPU that failed to start leaves a CPU session with the reason).</summary>
public sealed class OnnxSession(InferenceSession session, ProviderChoice actual) : IDisposable
{
    public InferenceSession Session { get; } = session;

    public ProviderChoice Actual { get; } = actual;

    public void Dispose() => Session.Dispose();
}
