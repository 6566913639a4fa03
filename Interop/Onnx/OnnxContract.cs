using HqSam.Core.Contract;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace HqSam.Interop.Onnx;

/// <summary>Reads what a session declares and checks it against <see cref="SamContract"/>.</summary>
internal static class OnnxContract
{
    /// <summary>
    /// Fails with every difference (or, when the file is plainly the other half of the pair or a
    /// plain SAM 2.1 decoder, with that one sentence). Returns true when the file declares symbolic
    /// dimensions where the contract is fixed: the caller checks the actual shapes on the first run.
    /// </summary>
    public static bool Check(InferenceSession session, string path, IReadOnlyList<TensorSpec> inputs, IReadOnlyList<TensorSpec> outputs)
    {
        List<TensorSpec> declaredInputs = Describe(session.InputMetadata), declaredOutputs = Describe(session.OutputMetadata);
        var differences = ContractChecker.Compare("input", inputs, declaredInputs);
        differences.AddRange(ContractChecker.Compare("output", outputs, declaredOutputs));
        if (differences.Count > 0)
        {
            throw new ModelContractException(path, differences, Hint(inputs, declaredInputs, declaredOutputs));
        }

        return ContractChecker.HasDeferredDimensions(outputs, declaredOutputs);
    }

    /// <summary>The shape a run produced, checked against the contract in the load check's words.</summary>
    public static void CheckActual(string path, TensorSpec expected, OrtValue value)
    {
        OrtTensorTypeAndShapeInfo info = value.GetTensorTypeAndShape();
        if (ContractChecker.CompareActual("output", expected, Kind(info.ElementDataType), info.Shape) is { } difference)
        {
            throw new ModelContractException(path, [difference], PlainSamHint(expected.Name, info.Shape));
        }
    }

    public static List<TensorSpec> Describe(IReadOnlyDictionary<string, NodeMetadata> metadata) =>
        [.. metadata.Select(kv => new TensorSpec(kv.Key, Kind(kv.Value), [.. kv.Value.IsTensor ? kv.Value.Dimensions.Select(d => (long)d) : []]))];

    private static string? Hint(IReadOnlyList<TensorSpec> expectedInputs, List<TensorSpec> declaredInputs, List<TensorSpec> declaredOutputs)
    {
        bool wantEncoder = expectedInputs.Any(e => e.Name == SamContract.Image);
        bool isDecoder = declaredInputs.Any(a => a.Name == SamContract.PointCoords);
        bool isEncoder = declaredInputs.Count == 1 && declaredInputs[0].Name == SamContract.Image;
        if (wantEncoder && isDecoder)
        {
            return $"this is a decoder (it takes '{SamContract.PointCoords}'), not an encoder; are {ModelFiles.EncoderFileName} and {ModelFiles.DecoderFileName} swapped?";
        }

        if (!wantEncoder && isEncoder)
        {
            return $"this is an encoder (it takes only '{SamContract.Image}'), not a decoder; are {ModelFiles.EncoderFileName} and {ModelFiles.DecoderFileName} swapped?";
        }

        TensorSpec? lowRes = declaredOutputs.FirstOrDefault(o => o.Name == SamContract.LowResMasks);
        return lowRes is null ? null : PlainSamHint(lowRes.Name, lowRes.Shape);
    }

    /// <summary>SAM 2.1 without the HQ token has three masks: say so rather than list shapes.</summary>
    private static string? PlainSamHint(string name, IReadOnlyList<long> shape) =>
        (name is SamContract.LowResMasks or SamContract.Masks) && shape.Count == 4 && shape[1] == SamContract.ScoredMaskCount
            ? $"a plain SAM 2.1 decoder ({SamContract.ScoredMaskCount} masks, no HQ mask); HqSam needs the HQ-SAM 2.1 decoder, whose '{name}' has {SamContract.MaskCount} masks"
            : null;

    private static TensorElementKind Kind(NodeMetadata m) => !m.IsTensor ? TensorElementKind.Other : Kind(m.ElementDataType);

    private static TensorElementKind Kind(TensorElementType type) => type switch
    {
        TensorElementType.Float => TensorElementKind.Float32,
        TensorElementType.Float16 => TensorElementKind.Float16,
        TensorElementType.Double => TensorElementKind.Float64,
        TensorElementType.Int64 => TensorElementKind.Int64,
        TensorElementType.Int32 => TensorElementKind.Int32,
        _ => TensorElementKind.Other,
    };
}
