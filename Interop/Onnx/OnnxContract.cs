using HqSam.Core.Model;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace HqSam.Interop.Onnx;

/// <summary>Reads what a session declares and checks it against <see cref="SamContract"/>.</summary>
internal static class OnnxContract
{
    public static void Check(InferenceSession session, string path, IReadOnlyList<TensorSpec> inputs, IReadOnlyList<TensorSpec> outputs)
    {
        var differences = ContractChecker.Compare("input", inputs, Describe(session.InputMetadata));
        differences.AddRange(ContractChecker.Compare("output", outputs, Describe(session.OutputMetadata)));
        if (differences.Count > 0)
        {
            throw new ModelContractException(path, differences);
        }
    }

    public static List<TensorSpec> Describe(IReadOnlyDictionary<string, NodeMetadata> metadata) =>
        [.. metadata.Select(kv => new TensorSpec(kv.Key, Kind(kv.Value), [.. kv.Value.IsTensor ? kv.Value.Dimensions.Select(d => (long)d) : []]))];

    private static TensorElementKind Kind(NodeMetadata m) => !m.IsTensor ? TensorElementKind.Other : m.ElementDataType switch
    {
        TensorElementType.Float => TensorElementKind.Float32,
        TensorElementType.Float16 => TensorElementKind.Float16,
        TensorElementType.Double => TensorElementKind.Float64,
        TensorElementType.Int64 => TensorElementKind.Int64,
        TensorElementType.Int32 => TensorElementKind.Int32,
        _ => TensorElementKind.Other,
    };
}
