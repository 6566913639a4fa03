using HqSam.Core.Caching;
using HqSam.Core.Contract;
using HqSam.Core.Imaging;
using HqSam.Core.Pipeline;
using HqSam.Core.Prompts;

namespace HqSam.Core.Editing;

/// <summary>
/// The editor-side lifecycle the plugin drives, host-neutral: per token, <see cref="Update"/> makes
/// one immutable <see cref="RenderState"/> (encode once per layer content, through the shared
/// embedding cache; decode only when the hints changed; re-apply edge settings otherwise); tiles,
/// on any number of threads, call <see cref="TileRenderer"/> with that state and only read it.
/// Errors become a state that leaves the layer untouched and carries a one-line message.
/// </summary>
public sealed class EditorSession
{
    private readonly object _gate = new();
    private readonly SamPredictor _predictor;

    // Encodes crops for a closer look without holding the session: clicks keep decoding meanwhile.
    private readonly SamPredictor _cropPredictor;
    private EditorSettings? _decodedSettings;
    private UInt128 _decodedImage;
    private byte[]? _rawMask;
    private float[]? _lowRes;
    private ZoomRegion? _missingCrop;
    private readonly ISamModel _model;
    private readonly EmbeddingCache? _cache;

    // The hover preview's decodes: a predictor of their own, and the last one, which the click that
    // follows takes instead of decoding again.
    private SamPredictor? _hoverPredictor;
    private TentativeDecode? _tentative;

    public EditorSession(ISamModel model, EmbeddingCache? cache = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        (_model, _cache) = (model, cache);
        _predictor = new SamPredictor(model, cache);
        _cropPredictor = new SamPredictor(model, cache);
    }

    /// <summary>
    /// After an update with <c>encodeCrops: false</c>: the crop a closer look still needs encoded (the
    /// state shows the whole-image mask meanwhile), or null.
    /// </summary>
    public ZoomRegion? MissingCrop
    {
        get
        {
            lock (_gate)
            {
                return _missingCrop;
            }
        }
    }

    /// <summary>Encodes a crop for a closer look (seconds on a CPU), without blocking updates; later updates find it.</summary>
    public void EncodeCrop(BgraImage layer, ZoomRegion crop, UInt128 contentHash, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(layer);
        _cropPredictor.GetEmbedding(crop.Of(layer), cancellationToken: cancellationToken);
        _predictor.RememberCrop(contentHash, crop);
    }

    /// <summary>The state of the last finished update (tiles render from this).</summary>
    public RenderState? State { get; private set; }

    /// <summary>
    /// Encodes the layer now (through the shared cache), so that later updates only decode: a dialog
    /// calls this once when it opens, with its own progress and cancel.
    /// </summary>
    /// <returns>The layer's content hash, which the caller can keep to recognise the layer.</returns>
    /// <exception cref="OperationCanceledException">When cancelled; nothing is kept.</exception>
    /// <exception cref="HqSamException">When the model cannot encode the layer (one-line message).</exception>
    public UInt128 Prepare(BgraImage layer, StageTimings? timings = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(layer);
        UInt128 hash = EmbeddingKey.HashContent(layer);
        lock (_gate)
        {
            ImageEmbedding embedding = _predictor.GetEmbedding(layer, timings, cancellationToken, hash);
            _predictor.WarmUp(embedding, cancellationToken); // the first click then costs what every click does
        }

        return hash;
    }

    /// <summary>
    /// Brings the state up to date with the layer and the settings. Cancellation throws
    /// <see cref="OperationCanceledException"/> and keeps the previous state; any pipeline error
    /// returns (and keeps) a state that leaves the layer as it is, with the message.
    /// </summary>
    /// <param name="contentHash">The layer's <see cref="EmbeddingKey.HashContent"/> when the caller knows it (from <see cref="Prepare"/>, say): saves hashing an unchanged layer on every update.</param>
    /// <param name="encodeCrops">False: a closer look whose crop is not encoded yet is skipped and named in <see cref="MissingCrop"/>.</param>
    public RenderState Update(BgraImage layer, EditorSettings settings, StageTimings? timings = null, CancellationToken cancellationToken = default, UInt128? contentHash = null, bool encodeCrops = true)
    {
        ArgumentNullException.ThrowIfNull(layer);
        ArgumentNullException.ThrowIfNull(settings);
        lock (_gate)
        {
            RenderState state;
            try
            {
                state = Compute(layer, settings, timings, cancellationToken, contentHash, encodeCrops);
            }
            catch (HqSamException e)
            {
                state = RenderState.Unchanged(layer.Width, layer.Height, e.Message, null);
            }
            catch (OutOfMemoryException)
            {
                state = RenderState.Unchanged(layer.Width, layer.Height, $"not enough memory to select on a {layer.Width}x{layer.Height} layer", null);
            }

            State = state;
            return state;
        }
    }

    /// <summary>
    /// A decode for a pointer resting on the layer (the click dialog's hover preview): the settings with
    /// one more object point, on a predictor of its own, so what <see cref="Update"/> shows does not
    /// change. Returns the plain mask (no grow, feather or invert: the preview draws its outline), or null
    /// without a prompt. The next <see cref="Update"/> with exactly these settings takes this decode
    /// instead of making it again: the click that follows a hover costs nothing more.
    /// </summary>
    public byte[]? Tentative(BgraImage layer, EditorSettings settings, UInt128 contentHash, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(layer);
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.ToPrompt() is not { } prompt)
        {
            return null;
        }

        lock (_gate)
        {
            SegmentationOptions options = OptionsFor(settings, contentHash, encodeCrops: false);
            _hoverPredictor ??= new SamPredictor(_model, _cache);
            SegmentationResult result = _hoverPredictor.Segment(layer, prompt, options, null, cancellationToken, contentHash);
            _tentative = new TentativeDecode(settings, contentHash, options, result);
            return result.Mask;
        }
    }

    /// <summary>What a decode of <paramref name="settings"/> asks of the predictor, refinement input included.</summary>
    private SegmentationOptions OptionsFor(EditorSettings settings, UInt128 image, bool encodeCrops)
    {
        bool refine = settings.RefineFromPrevious && _lowRes is not null && image == _decodedImage;
        return new SegmentationOptions { Mask = settings.Mask.On(_model.Family), PreviousLowResLogits = refine ? _lowRes : null, EdgeStrength = settings.EdgeStrength, Zoom = settings.Zoom, EncodeCrops = encodeCrops };
    }

    private RenderState Compute(BgraImage layer, EditorSettings settings, StageTimings? timings, CancellationToken cancellationToken, UInt128? contentHash, bool encodeCrops)
    {
        SegmentationPrompt? prompt = settings.ToPrompt();
        if (prompt is null)
        {
            return RenderState.Unchanged(layer.Width, layer.Height, null, "Add a point on the object (or keep a selection to refine).");
        }

        UInt128 image = contentHash ?? EmbeddingKey.HashContent(layer);
        // A mask that still waits for its closer look is decoded again (it is not what the settings ask).
        if (_rawMask is null || image != _decodedImage || _rawMask.Length != layer.PixelCount || settings.DecodesDifferentlyFrom(_decodedSettings) || _missingCrop is not null)
        {
            SegmentationOptions options = OptionsFor(settings, image, encodeCrops);
            // Record equality compares the refinement input by reference: the same previous logits, not equal ones.
            if (_tentative is { } t && t.Image == image && !settings.DecodesDifferentlyFrom(t.Settings) && t.Options == options)
            {
                // The pointer rested here before the click: that decode is this one.
                (_rawMask, _lowRes, _decodedImage, _decodedSettings, _missingCrop) = (t.Result.Mask, t.Result.LowResLogits, image, settings, t.Result.CropToEncode);
            }
            else
            {
                SegmentationResult result = _predictor.Segment(layer, prompt, options, timings, cancellationToken, contentHash: image);
                (_rawMask, _lowRes, _decodedImage, _decodedSettings, _missingCrop) = (result.Mask, result.LowResLogits, image, settings, result.CropToEncode);
            }

            _tentative = null;
        }

        byte[] coverage = (byte[])_rawMask.Clone();
        MaskFinisher.Adjust(coverage, layer.Width, layer.Height, settings.Invert, settings.Grow, settings.Feather);
        TintColour? tint = settings.Output == OutputMode.Tint ? TintColour.Contrasting(layer, coverage) : null;
        return new RenderState(layer.Width, layer.Height, coverage, settings.Output, null, null, tint);
    }

    private sealed record TentativeDecode(EditorSettings Settings, UInt128 Image, SegmentationOptions Options, SegmentationResult Result);
}
