using System.IO.Hashing;
using System.Text;
using HqSam.Core.Caching;
using HqSam.Core.Masks;
using HqSam.Core.Model;
using HqSam.Core.Pipeline;
using HqSam.Core.Prompts;
using Microsoft.ML.OnnxRuntime;

namespace HqSam.Interop.Onnx;

/// <summary>
/// The encoder/decoder pair over ONNX Runtime. Each native session is owned here and disposed once.
/// Tensors are <see cref="OrtValue"/>s over the caller's arrays (pinned for the run, never copied);
/// outputs of known shape are pre-allocated and passed to <c>Run</c>. The decoder is asked only for
/// <c>iou_predictions</c> and <c>low_res_masks</c>: the 16 MB <c>masks</c> output is never fetched,
/// since the pipeline upsamples the 256² logits straight to the source size.
/// </summary>
public sealed class OnnxSamModel : ISamModel
{
    private static readonly string[] EncoderInputNames = [SamContract.Image];
    private static readonly string[] EncoderOutputNames = [SamContract.HighResFeats0, SamContract.HighResFeats1, SamContract.ImageEmbed];
    private static readonly string[] DecoderInputNames =
        [SamContract.ImageEmbed, SamContract.HighResFeats0, SamContract.HighResFeats1, SamContract.PointCoords, SamContract.PointLabels, SamContract.MaskInput, SamContract.HasMaskInput];
    private static readonly string[] DecoderOutputNames = [SamContract.IouPredictions, SamContract.LowResMasks];

    private static readonly long[] ImageShape = [.. SamContract.ImageSpec.Shape];
    private static readonly long[] Feats0Shape = [.. SamContract.HighResFeats0Spec.Shape];
    private static readonly long[] Feats1Shape = [.. SamContract.HighResFeats1Spec.Shape];
    private static readonly long[] EmbedShape = [.. SamContract.ImageEmbedSpec.Shape];
    private static readonly long[] MaskInputShape = [.. SamContract.MaskInputSpec.Shape];
    private static readonly long[] HasMaskShape = [.. SamContract.HasMaskInputSpec.Shape];
    private static readonly long[] IouShape = [.. SamContract.IouPredictionsSpec.Shape];
    private static readonly long[] LowResShape = [.. SamContract.LowResMasksSpec.Shape];

    private readonly InferenceSession _encoder;
    private readonly InferenceSession _decoder;
    private readonly float[] _noMask = new float[LowResMasks.PlaneLength];

    private OnnxSamModel(ModelFiles files, InferenceSession encoder, InferenceSession decoder, string identity)
    {
        Files = files;
        _encoder = encoder;
        _decoder = decoder;
        Identity = identity;
    }

    public ModelFiles Files { get; }

    public string Identity { get; }

    /// <summary>Loads <c>encoder.onnx</c> and <c>decoder.onnx</c> from a folder and checks both against the contract.</summary>
    public static OnnxSamModel Load(string directory, SessionSettings? settings = null) => Load(ModelFiles.InDirectory(directory), settings);

    public static OnnxSamModel Load(ModelFiles files, SessionSettings? settings = null)
    {
        ArgumentNullException.ThrowIfNull(files);
        settings ??= SessionSettings.Default;
        InferenceSession encoder = OpenSession(files.EncoderPath, settings, GraphOptimizationLevel.ORT_ENABLE_ALL);
        try
        {
            OnnxContract.Check(encoder, files.EncoderPath, SamContract.EncoderInputs, SamContract.EncoderOutputs);

            // Basic level for the decoder: higher levels have broken shape inference on the dynamic
            // point dimension of SAM 2 exports (darktable's finding), and the decoder is light.
            InferenceSession decoder = OpenSession(files.DecoderPath, settings, GraphOptimizationLevel.ORT_ENABLE_BASIC);
            try
            {
                OnnxContract.Check(decoder, files.DecoderPath, SamContract.DecoderInputs, SamContract.DecoderOutputs);
                return new OnnxSamModel(files, encoder, decoder, IdentityOf(files));
            }
            catch
            {
                decoder.Dispose();
                throw;
            }
        }
        catch
        {
            encoder.Dispose();
            throw;
        }
    }

    public void Encode(float[] image, ImageEmbedding output, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(output);
        using var input = OrtValue.CreateTensorValueFromMemory(image, ImageShape);
        using var f0 = OrtValue.CreateTensorValueFromMemory(output.HighResFeats0, Feats0Shape);
        using var f1 = OrtValue.CreateTensorValueFromMemory(output.HighResFeats1, Feats1Shape);
        using var embed = OrtValue.CreateTensorValueFromMemory(output.ImageEmbed, EmbedShape);
        Run(_encoder, Files.EncoderPath, EncoderInputNames, [input], EncoderOutputNames, [f0, f1, embed], cancellationToken);
    }

    public void Decode(ImageEmbedding embedding, DecoderPrompt prompt, float[]? maskInput, LowResMasks output, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(embedding);
        ArgumentNullException.ThrowIfNull(prompt);
        ArgumentNullException.ThrowIfNull(output);
        using var embed = OrtValue.CreateTensorValueFromMemory(embedding.ImageEmbed, EmbedShape);
        using var f0 = OrtValue.CreateTensorValueFromMemory(embedding.HighResFeats0, Feats0Shape);
        using var f1 = OrtValue.CreateTensorValueFromMemory(embedding.HighResFeats1, Feats1Shape);
        using var coords = OrtValue.CreateTensorValueFromMemory(prompt.Coords, [1, prompt.Count, 2]);
        using var labels = OrtValue.CreateTensorValueFromMemory(prompt.Labels, [1, prompt.Count]);
        using var mask = OrtValue.CreateTensorValueFromMemory(maskInput ?? _noMask, MaskInputShape);
        using var hasMask = OrtValue.CreateTensorValueFromMemory(maskInput is null ? HasNoMask : HasMask, HasMaskShape);
        using var iou = OrtValue.CreateTensorValueFromMemory(output.Iou, IouShape);
        using var lowRes = OrtValue.CreateTensorValueFromMemory(output.Logits, LowResShape);
        Run(_decoder, Files.DecoderPath, DecoderInputNames, [embed, f0, f1, coords, labels, mask, hasMask], DecoderOutputNames, [iou, lowRes], cancellationToken);
    }

    public void Dispose()
    {
        _encoder.Dispose();
        _decoder.Dispose();
    }

    // Never written: ONNX Runtime only reads inputs.
    private static readonly float[] HasMask = [1f];
    private static readonly float[] HasNoMask = [0f];

    private static InferenceSession OpenSession(string path, SessionSettings settings, GraphOptimizationLevel level)
    {
        ModelFiles.CheckReadable(path);
        using var options = new SessionOptions
        {
            GraphOptimizationLevel = level,
            IntraOpNumThreads = settings.IntraOpThreads,
            LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR,
        };
        try
        {
            return new InferenceSession(path, options);
        }
        catch (OnnxRuntimeException e)
        {
            throw new ModelFileException(path, $"not a loadable ONNX model ({OnnxErrors.OneLine(e)})", e);
        }
    }

    private static void Run(InferenceSession session, string path, string[] inputNames, OrtValue[] inputs, string[] outputNames, OrtValue[] outputs, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var runOptions = new RunOptions();
        using CancellationTokenRegistration registration = cancellationToken.Register(static o => ((RunOptions)o!).Terminate = true, runOptions);
        try
        {
            session.Run(runOptions, inputNames, inputs, outputNames, outputs);
        }
        catch (OnnxRuntimeException e)
        {
            cancellationToken.ThrowIfCancellationRequested();
            throw new ModelRuntimeException($"{Path.GetFileName(path)} failed while running: {OnnxErrors.OneLine(e)}", e);
        }
    }

    /// <summary>Full path, size and write time of both files: cheap, and changes whenever a file is replaced.</summary>
    private static string IdentityOf(ModelFiles files)
    {
        var text = new StringBuilder();
        foreach (string path in new[] { files.EncoderPath, files.DecoderPath })
        {
            var info = new FileInfo(path);
            text.Append(info.FullName).Append('|').Append(info.Length).Append('|').Append(info.LastWriteTimeUtc.Ticks).Append(';');
        }

        return Convert.ToHexString(XxHash128.Hash(Encoding.UTF8.GetBytes(text.ToString())));
    }
}
