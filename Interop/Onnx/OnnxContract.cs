using HqSam.Core.Contract;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace HqSam.Interop.Onnx;

/// <summary>Reads what a session declares and checks it against <see cref="SamContract"/>.</summary>
internal static class OnnxContract
{
    /// <summary>
    /// Fails with every difference (or, when the file is plainly the other half of the pair, with that
    /// one sentence). Returns true when the file declares symbolic dimensions where the contract is
    /// fixed: the caller checks the actual shapes on the first run.
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
            throw new ModelContractException(path, [difference]);
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

        return null;
    }

    /// <summary>
    /// The family a decoder declares by its mask outputs' channel count (<c>low_res_masks</c>, else
    /// <c>masks</c>): three is plain SAM 2.1, anything else is checked as HQ-SAM 2.1. Null when the
    /// count is symbolic: then a run tells (<see cref="RunForFamily"/>).
    /// </summary>
    public static ModelFamily? DeclaredFamily(InferenceSession session)
    {
        foreach (string name in (string[])[SamContract.LowResMasks, SamContract.Masks])
        {
            if (session.OutputMetadata.TryGetValue(name, out NodeMetadata? m) && m.IsTensor && m.Dimensions.Length == 4)
            {
                int channels = m.Dimensions[1];
                return channels < 0 ? null : channels == SamContract.ScoredMaskCount ? ModelFamily.Sam21 : ModelFamily.HqSam21;
            }
        }

        return ModelFamily.HqSam21; // no mask output at all: the HQ check lists what is missing
    }

    /// <summary>
    /// For a decoder whose mask count is symbolic: one decode of blank features and a click, whose
    /// <c>low_res_masks</c> shows the count (a real decoder takes about 0.1 s; done once, at load).
    /// </summary>
    public static ModelFamily RunForFamily(InferenceSession session, string path)
    {
        float[] embed = new float[SamContract.ImageEmbedSpec.ElementCount], f0 = new float[SamContract.HighResFeats0Spec.ElementCount], f1 = new float[SamContract.HighResFeats1Spec.ElementCount];
        using var embedValue = OrtValue.CreateTensorValueFromMemory(embed, [.. SamContract.ImageEmbedSpec.Shape]);
        using var f0Value = OrtValue.CreateTensorValueFromMemory(f0, [.. SamContract.HighResFeats0Spec.Shape]);
        using var f1Value = OrtValue.CreateTensorValueFromMemory(f1, [.. SamContract.HighResFeats1Spec.Shape]);
        using var coords = OrtValue.CreateTensorValueFromMemory(new float[] { 512f, 512f }, [1, 1, 2]);
        using var labels = OrtValue.CreateTensorValueFromMemory(new float[] { SamContract.PositiveLabel }, [1, 1]);
        using var mask = OrtValue.CreateTensorValueFromMemory(new float[SamContract.MaskInputSpec.ElementCount], [.. SamContract.MaskInputSpec.Shape]);
        using var hasMask = OrtValue.CreateTensorValueFromMemory(new float[1], [.. SamContract.HasMaskInputSpec.Shape]);
        using var runOptions = new RunOptions { LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_FATAL };
        try
        {
            using IDisposableReadOnlyCollection<OrtValue> produced = session.Run(
                runOptions,
                [SamContract.ImageEmbed, SamContract.HighResFeats0, SamContract.HighResFeats1, SamContract.PointCoords, SamContract.PointLabels, SamContract.MaskInput, SamContract.HasMaskInput],
                [embedValue, f0Value, f1Value, coords, labels, mask, hasMask],
                [SamContract.LowResMasks]);
            long[] shape = produced[0].GetTensorTypeAndShape().Shape;
            return shape.Length == 4 && shape[1] == SamContract.ScoredMaskCount ? ModelFamily.Sam21 : ModelFamily.HqSam21;
        }
        catch (OnnxRuntimeException e)
        {
            throw new ModelRuntimeException($"{Path.GetFileName(path)} failed while running: {OnnxErrors.OneLine(e)}", e);
        }
    }

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
