using HqSam.Interop.Onnx;
using HqSam.Interop.Sessions;
using Microsoft.ML.OnnxRuntime;

namespace HqSam.Benchmarks;

/// <summary>
/// The options of the bare ONNX Runtime sessions HqSam is compared with: ONNX Runtime's defaults,
/// except the intra-op thread count, which is HqSam's own (<see cref="OnnxSessionFactory.IntraOpThreads"/>),
/// so that a comparison measures everything else. On session 15's machine ONNX Runtime's own count
/// was one thread of two cores, which halves its speed (docs/speed.md); <c>HQSAM_RAW_THREADS=0</c>
/// gives that default back.
/// </summary>
internal static class RawSessionOptions
{
    public const string ThreadsVariable = "HQSAM_RAW_THREADS";

    /// <summary>The intra-op threads of a raw session (0: ONNX Runtime's own count).</summary>
    public static int Threads { get; } = Environment.GetEnvironmentVariable(ThreadsVariable) is { Length: > 0 } given
        ? int.Parse(given, System.Globalization.CultureInfo.InvariantCulture)
        : OnnxSessionFactory.IntraOpThreads(SessionSettings.Default);

    public static SessionOptions Create(GraphOptimizationLevel level = GraphOptimizationLevel.ORT_ENABLE_ALL) => new()
    {
        GraphOptimizationLevel = level,
        IntraOpNumThreads = Threads,
    };
}
