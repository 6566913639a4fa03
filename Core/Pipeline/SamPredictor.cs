using System.Diagnostics;
using HqSam.Core.Caching;
using HqSam.Core.Imaging;
using HqSam.Core.Masks;
using HqSam.Core.Model;
using HqSam.Core.Prompts;

namespace HqSam.Core.Pipeline;

/// <summary>
/// Pixels and prompts in, a source-size mask out, the way SAM 2's image predictor does it:
/// encode once per image content (through the embedding cache), decode per prompt.
/// Holds reusable buffers, so one instance serves one caller at a time; embeddings it produces
/// are shared through the cache and are safe to decode from on several predictors at once.
/// </summary>
public sealed class SamPredictor
{
    private readonly ISamModel _model;
    private readonly EmbeddingCache _cache;
    private readonly ImagePreprocessor _preprocessor = new();
    private readonly MaskUpsampler _upsampler = new();
    private readonly LowResMasks _decoded = new();
    private readonly float[] _maskInput = new float[LowResMasks.PlaneLength];
    private float[]? _imageTensor;

    public SamPredictor(ISamModel model, EmbeddingCache? cache = null)
    {
        _model = model ?? throw new ArgumentNullException(nameof(model));
        _cache = cache ?? EmbeddingCache.Shared;
    }

    /// <summary>Returns the image's embedding, from the cache or by encoding it now.</summary>
    public ImageEmbedding GetEmbedding(BgraImage image, StageTimings? timings = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(image);
        var key = EmbeddingKey.For(image, _model.Identity);
        if (_cache.TryGet(key, out ImageEmbedding cached))
        {
            return cached;
        }

        long t = Stopwatch.GetTimestamp();
        _imageTensor ??= new float[ImagePreprocessor.TensorLength];
        _preprocessor.Run(image, _imageTensor, cancellationToken);
        timings?.Add(Stage.Preprocess, t);

        t = Stopwatch.GetTimestamp();
        var embedding = new ImageEmbedding();
        _model.Encode(_imageTensor, embedding, cancellationToken);
        timings?.Add(Stage.Encode, t);

        _cache.Add(key, embedding);
        return embedding;
    }

    /// <summary>Validates the prompt, encodes if needed, decodes, and upsamples the chosen mask.</summary>
    public SegmentationResult Segment(BgraImage image, SegmentationPrompt prompt, SegmentationOptions? options = null, StageTimings? timings = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(prompt);

        // Prompt errors are found before the expensive encode.
        var decoderPrompt = DecoderPrompt.From(prompt, image.Width, image.Height);
        ImageEmbedding embedding = GetEmbedding(image, timings, cancellationToken);
        return Decode(embedding, image.Width, image.Height, decoderPrompt, options ?? new SegmentationOptions(), timings, cancellationToken);
    }

    private SegmentationResult Decode(ImageEmbedding embedding, int width, int height, DecoderPrompt prompt, SegmentationOptions options, StageTimings? timings, CancellationToken cancellationToken)
    {
        float[]? maskInput = null;
        if (options.PreviousLowResLogits is { } previous)
        {
            if (previous.Length != LowResMasks.PlaneLength)
            {
                throw new PromptException($"previous mask has {previous.Length} logits, expected {LowResMasks.PlaneLength} (256x256)");
            }

            // SAM 2 feeds back logits clamped to ±32, as its own mask output is.
            System.Numerics.Tensors.TensorPrimitives.Min(previous, 32f, _maskInput);
            System.Numerics.Tensors.TensorPrimitives.Max(_maskInput, -32f, _maskInput);
            maskInput = _maskInput;
        }

        long t = Stopwatch.GetTimestamp();
        _model.Decode(embedding, prompt, maskInput, _decoded, cancellationToken);
        timings?.Add(Stage.Decode, t);
        if (!_decoded.AllFinite())
        {
            throw new ModelRuntimeException($"decoder returned non-finite values in '{SamContract.LowResMasks}' or '{SamContract.IouPredictions}'");
        }

        t = Stopwatch.GetTimestamp();
        var lowRes = new float[LowResMasks.PlaneLength];
        int channel = _decoded.Select(options.Mask, lowRes);
        var mask = new byte[checked(width * height)];
        _upsampler.Run(lowRes, width, height, mask, cancellationToken: cancellationToken);
        timings?.Add(Stage.Postprocess, t);

        return new SegmentationResult(width, height, mask, lowRes, [.. _decoded.Iou], channel);
    }
}
