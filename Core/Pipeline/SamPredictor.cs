using System.Diagnostics;
using HqSam.Core.Caching;
using HqSam.Core.Contract;
using HqSam.Core.Imaging;
using HqSam.Core.Masks;
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
    private readonly MaskFinisher _finisher = new();
    private readonly LowResMasks _decoded;
    private readonly float[] _maskInput = new float[LowResMasks.PlaneLength];
    private readonly float[] _chosen = new float[LowResMasks.PlaneLength];
    private float[]? _imageTensor;

    // Crops looked at closely, per image content: the next click on the same object reuses one (its
    // embedding is in the cache as long as the cache keeps it).
    private const int MaxRememberedCrops = 64;
    private readonly List<(UInt128 Image, ZoomRegion Crop)> _crops = [];

    private readonly EncodeTimes _encodeTimes;

    // Pixels of results handed back through Recycle, newest last: the next mask of that size is written
    // into one of them. A fresh 12 MP mask's first writes fault in about 2,900 pages from the system
    // (the collector returns freed ones): 20-25 ms a click on the development VM, measured by click-probe.
    private const int MaxSpareMasks = 2;
    private readonly List<byte[]> _spareMasks = [];

    /// <param name="cache">Where embeddings are kept; null for the process's <see cref="EmbeddingCache.Shared"/>.</param>
    public SamPredictor(ISamModel model, EmbeddingCache? cache = null)
        : this(model, cache, null)
    {
    }

    /// <param name="encodeTimes">Where encode costs are recorded for <see cref="ZoomMode.Auto"/>; null for the process's <see cref="EncodeTimes.Shared"/>.</param>
    internal SamPredictor(ISamModel model, EmbeddingCache? cache, EncodeTimes? encodeTimes)
    {
        _model = model ?? throw new ArgumentNullException(nameof(model));
        _cache = cache ?? EmbeddingCache.Shared;
        _encodeTimes = encodeTimes ?? EncodeTimes.Shared;
        _decoded = new LowResMasks(model.Family);
    }

    /// <summary>Returns the image's embedding, from the cache or by encoding it now.</summary>
    /// <param name="contentHash">The image's <see cref="EmbeddingKey.HashContent"/>, when the caller has it already.</param>
    public ImageEmbedding GetEmbedding(BgraImage image, StageTimings? timings = null, CancellationToken cancellationToken = default, UInt128? contentHash = null)
    {
        ArgumentNullException.ThrowIfNull(image);
        var key = new EmbeddingKey(contentHash ?? EmbeddingKey.HashContent(image), _model.Identity);
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
        _encodeTimes.Record(_model.Identity, Stopwatch.GetElapsedTime(t));

        _cache.Add(key, embedding);
        return embedding;
    }

    /// <summary>Validates the prompt, encodes if needed, decodes, and upsamples the chosen mask.</summary>
    /// <param name="contentHash">The image's <see cref="EmbeddingKey.HashContent"/>, when the caller has it already.</param>
    public SegmentationResult Segment(BgraImage image, SegmentationPrompt prompt, SegmentationOptions? options = null, StageTimings? timings = null, CancellationToken cancellationToken = default, UInt128? contentHash = null)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(prompt);

        // Prompt errors (and a mask the model does not have) are found before the expensive encode.
        var decoderPrompt = DecoderPrompt.From(prompt, image.Width, image.Height);
        options ??= DefaultOptions;
        options.Mask?.CheckFits(_model.Family);
        UInt128 hash = contentHash ?? EmbeddingKey.HashContent(image);
        ImageEmbedding embedding = GetEmbedding(image, timings, cancellationToken, hash);
        Mask mask = NewMask(image.Width, image.Height);
        var lowRes = new float[LowResMasks.PlaneLength];
        int channel = Decode(embedding, image.Width, image.Height, decoderPrompt, options, mask.Pixels, lowRes, image, timings, cancellationToken);
        float[] iou = LastIou();

        ZoomRegion? missing = null;
        if (ShouldZoom(options) && ZoomRegion.Find(mask.Pixels, image.Width, image.Height, prompt, EncodedCrops(hash)) is { } crop)
        {
            BgraImage view = crop.Of(image);
            UInt128 cropHash = EmbeddingKey.HashContent(view); // once, for the check and the closer look
            if (!options.EncodeCrops && !IsEncoded(cropHash))
            {
                missing = crop; // the caller encodes it beside the clicks and asks again
            }
            else
            {
                // The object is small: look again at a crop around it, encoded at the model's full size
                // (cached like any image; crops snap to aligned squares, so the next click on the same
                // object finds this one encoded), and paste the crop's mask back. The full-image logits
                // stay the result's low-res logits, so refinement keeps feeding the full-image decoder.
                SegmentationResult zoomed = Segment(view, crop.Shift(prompt), options with { Zoom = ZoomMode.Off, PreviousLowResLogits = null }, timings?.Zoom, cancellationToken, cropHash);
                RememberCrop(hash, crop);
                mask.Pixels.Clear();
                crop.Paste(zoomed.Mask.Pixels, mask.Pixels, image.Width);
                Recycle(zoomed);
            }
        }

        return new SegmentationResult(mask, lowRes, iou, channel, missing);
    }

    /// <summary>
    /// Hands back a result of this predictor's <see cref="Segment"/> whose mask nobody reads any more
    /// (a click replaced it): a later segmentation of the same size writes into its pixels instead of
    /// a new mask. The result's mask is disposed, so a use after this fails at once.
    /// </summary>
    public void Recycle(SegmentationResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (result.Mask.TakePixels() is not { } pixels)
        {
            return;
        }

        if (_spareMasks.Count == MaxSpareMasks)
        {
            _spareMasks.RemoveAt(0);
        }

        _spareMasks.Add(pixels);
    }

    /// <summary>A mask to write every pixel of: a recycled one of this size, or a new one.</summary>
    private Mask NewMask(int width, int height)
    {
        int i = _spareMasks.Count - 1;
        while (i >= 0 && _spareMasks[i].LongLength != (long)width * height)
        {
            i--;
        }

        if (i < 0)
        {
            return new Mask(width, height);
        }

        byte[] pixels = _spareMasks[i];
        _spareMasks.RemoveAt(i);
        return Mask.Wrap(pixels, width, height);
    }

    /// <summary>
    /// Two throw-away decodes (a click in the middle, to a small mask) right after an encode, so the
    /// user's first click does not pay the decoder's first-run costs (darktable warms its decoder up too).
    /// Two, because ONNX Runtime plans a shape's memory on its first run and allocates that plan on
    /// the second: on the reference pair (2 cores) the first click after one warm-up decode took
    /// 140-270 ms, after two 90-115 ms, as any later click. Call it before the first real decode
    /// (it replaces <see cref="LastIou"/>).
    /// </summary>
    public const int WarmUpDecodes = 2;

    /// <summary>Runs <see cref="WarmUpDecodes"/> decodes on <paramref name="embedding"/> (see the constant), then <see cref="MaskFinisher.WarmUp"/>.</summary>
    public void WarmUp(ImageEmbedding embedding, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(embedding);
        const int Size = 64;
        Span<byte> scratch = stackalloc byte[Size * Size];
        var click = new SegmentationPrompt([new PointPrompt(Size / 2f, Size / 2f)]);
        for (int i = 0; i < WarmUpDecodes; i++)
        {
            Decode(embedding, Size, Size, click, scratch, cancellationToken: cancellationToken);
        }

        _finisher.WarmUp(cancellationToken);
    }

    /// <summary>The last measured encode of this predictor's model (in its <see cref="EncodeTimes"/>), or null before one.</summary>
    public TimeSpan? MeasuredEncodeTime => _encodeTimes.Last(_model.Identity);

    /// <summary>Whether a small object gets a closer look under <paramref name="options"/> on this machine.</summary>
    public bool ShouldZoom(SegmentationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.Zoom switch
        {
            ZoomMode.On => true,
            ZoomMode.Off => false,
            _ => MeasuredEncodeTime is { } t && t <= options.AutoZoomMaxEncode,
        };
    }

    private ZoomRegion[] EncodedCrops(UInt128 image)
    {
        lock (_crops)
        {
            return [.. _crops.Where(c => c.Image == image).Select(c => c.Crop)];
        }
    }

    /// <summary>Whether the embedding of the image with this content hash is in the cache (a crop encoded already).</summary>
    private bool IsEncoded(UInt128 contentHash) => _cache.TryGet(new EmbeddingKey(contentHash, _model.Identity), out _);

    /// <summary>Records that <paramref name="crop"/> of the image is encoded, so later clicks on the object reuse it.</summary>
    internal void RememberCrop(UInt128 image, ZoomRegion crop)
    {
        lock (_crops)
        {
            if (!_crops.Contains((image, crop)))
            {
                _crops.Add((image, crop));
                if (_crops.Count > MaxRememberedCrops)
                {
                    _crops.RemoveAt(0);
                }
            }
        }
    }

    /// <summary>
    /// The steady-state path for interactive use: decodes a prompt on an embedding and writes the
    /// source-size mask (and, when asked, the chosen 256² logits for the next refinement) into the
    /// caller's buffers. Allocates only the small prompt arrays.
    /// </summary>
    /// <param name="image">The source pixels, for edge refinement; null keeps the plain bilinear edge.</param>
    /// <returns>The decoder channel the mask came from.</returns>
    public int Decode(
        ImageEmbedding embedding,
        int width,
        int height,
        SegmentationPrompt prompt,
        Span<byte> mask,
        SegmentationOptions? options = null,
        Span<float> lowResLogits = default,
        BgraImage? image = null,
        StageTimings? timings = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(embedding);
        ArgumentNullException.ThrowIfNull(prompt);
        return Decode(embedding, width, height, DecoderPrompt.From(prompt, width, height), options ?? DefaultOptions, mask, lowResLogits, image, timings, cancellationToken);
    }

    private static readonly SegmentationOptions DefaultOptions = new();

    private int Decode(ImageEmbedding embedding, int width, int height, DecoderPrompt prompt, SegmentationOptions options, Span<byte> mask, Span<float> lowResLogits, BgraImage? image, StageTimings? timings, CancellationToken cancellationToken)
    {
        if (mask.Length < (long)width * height)
        {
            throw new ArgumentException($"mask needs {(long)width * height} bytes", nameof(mask));
        }

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
        int channel = _decoded.Select(options.Mask ?? MaskChoice.DefaultFor(_model.Family), _chosen);
        _finisher.Plain(_chosen, width, height, options, image, mask, cancellationToken);
        if (!lowResLogits.IsEmpty)
        {
            _chosen.CopyTo(lowResLogits);
        }

        timings?.Add(Stage.Postprocess, t);
        return channel;
    }

    /// <summary>IoU scores of the last decode, copied.</summary>
    public float[] LastIou() => [.. _decoded.Iou];
}
