using System.Collections.Immutable;
using HqSam.Core.Caching;
using HqSam.Core.Contract;
using HqSam.Core.Imaging;
using HqSam.Core.Masks;
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

    // The last decode, one entry per object in the settings' order, and the union of their masks: one
    // object's own mask, or for several the session's own rented mask (_union), never handed out.
    private DecodedObject[] _decoded = [];
    private Mask? _rawMask;
    private Mask? _union;
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
    internal ZoomRegion? MissingCrop
    {
        get
        {
            lock (_gate)
            {
                return MissingCropLocked;
            }
        }
    }

    /// <summary>Encodes a crop for a closer look (seconds on a CPU), without blocking updates; later updates find it.</summary>
    internal void EncodeCrop(BgraImage layer, ZoomRegion crop, UInt128 contentHash, CancellationToken cancellationToken = default)
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
    /// one more point on the current object, on a predictor of its own, so what <see cref="Update"/>
    /// shows does not change. Returns that object's plain mask (no grow, feather or invert: the preview
    /// draws its outline), or null without a prompt. The next <see cref="Update"/> with exactly these
    /// settings takes this decode instead of making it again: the click that follows a hover costs nothing more.
    /// </summary>
    public Mask? Tentative(BgraImage layer, EditorSettings settings, UInt128 contentHash, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(layer);
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.ToPrompt() is not { } prompt)
        {
            return null;
        }

        lock (_gate)
        {
            SegmentationOptions options = OptionsFor(settings, settings.EarlierObjects.Length, contentHash, encodeCrops: false);
            _hoverPredictor ??= new SamPredictor(_model, _cache);
            SegmentationResult result = _hoverPredictor.Segment(layer, prompt, options, null, cancellationToken, contentHash);
            _tentative = new TentativeDecode(prompt, contentHash, options, result);
            return result.Mask;
        }
    }

    /// <summary>The crop the first object still waiting for its closer look needs, or null. Caller holds the gate.</summary>
    private ZoomRegion? MissingCropLocked => _decoded.Select(d => d.Result.CropToEncode).FirstOrDefault(c => c is not null);

    /// <summary>
    /// What decoding object <paramref name="index"/> of <paramref name="settings"/> asks of the predictor.
    /// Refinement feeds each object the mask last decoded at its place in the list (for one object: the
    /// last mask, as before there were several).
    /// </summary>
    private SegmentationOptions OptionsFor(EditorSettings settings, int index, UInt128 image, bool encodeCrops)
    {
        float[]? previous = settings.RefineFromPrevious && image == _decodedImage && index < _decoded.Length ? _decoded[index].Result.LowResLogits : null;
        return new SegmentationOptions
        {
            Mask = settings.Mask.On(_model.Family), PreviousLowResLogits = previous, EdgeStrength = settings.EdgeStrength, Zoom = settings.Zoom, EncodeCrops = encodeCrops,
            RemoveSpecksUpTo = settings.RemoveSpecks, FillHolesUpTo = settings.FillHoles,
        };
    }

    private RenderState Compute(BgraImage layer, EditorSettings settings, StageTimings? timings, CancellationToken cancellationToken, UInt128? contentHash, bool encodeCrops)
    {
        ImmutableArray<SegmentationPrompt> prompts = settings.ToPrompts();
        if (prompts.IsEmpty)
        {
            return RenderState.Unchanged(layer.Width, layer.Height, null, "Add a point on the object (or keep a selection to refine).");
        }

        UInt128 image = contentHash ?? EmbeddingKey.HashContent(layer);
        // A mask that still waits for its closer look is decoded again (it is not what the settings ask).
        if (_rawMask is null || image != _decodedImage || !_rawMask.Fits(layer.Width, layer.Height) || settings.DecodesDifferentlyFrom(_decodedSettings) || MissingCropLocked is not null)
        {
            var decoded = new DecodedObject[prompts.Length];
            for (int i = 0; i < prompts.Length; i++)
            {
                decoded[i] = DecodeObject(layer, prompts[i], OptionsFor(settings, i, image, encodeCrops), settings.RefineFromPrevious, image, timings, cancellationToken);
            }

            _rawMask = null; // Union returns the last union to the pool: never left pointing at it if Union fails
            _rawMask = Union(decoded);
            DecodedObject[] replaced = _decoded;
            (_decoded, _decodedImage, _decodedSettings) = (decoded, image, settings);
            _tentative = null;

            // The masks this click replaced are read by nobody now (states hold copies): the next decode
            // writes into them instead of a new mask. Not a hover's: the view may still draw its outline.
            foreach (DecodedObject old in replaced)
            {
                if (old.Recyclable && !decoded.Any(d => ReferenceEquals(d.Result, old.Result)))
                {
                    _predictor.Recycle(old.Result);
                }
            }
        }

        // The state's own copy: render threads, the dialog and the token read it long after this call.
        Mask coverage = _rawMask.Clone();
        MaskFinisher.Adjust(coverage, settings.Invert, settings.Grow, settings.Feather, layer, settings.SoftEdge);
        TintColour? tint = settings.Output == OutputMode.Tint ? TintColour.Contrasting(layer, coverage.Pixels) : null;
        return new RenderState(layer.Width, layer.Height, coverage, settings.Output, null, null, tint);
    }

    /// <summary>
    /// One object's mask: the last decode's when only other objects (or nothing that decodes) changed,
    /// the hover preview's when the pointer rested there before this click, a new decode otherwise.
    /// </summary>
    /// <param name="refine">Whether the user asked for refinement: an unchanged object keeps its mask while
    /// that stays as it was, whatever refinement input its place in the list would give it now (objects
    /// added, removed or undone around it must not re-decode it, with another object's mask as input).</param>
    private DecodedObject DecodeObject(BgraImage layer, SegmentationPrompt prompt, SegmentationOptions options, bool refine, UInt128 image, StageTimings? timings, CancellationToken cancellationToken)
    {
        if (image == _decodedImage && _decoded.FirstOrDefault(d => d.Prompt == prompt && d.Refine == refine && d.Result.CropToEncode is null
            && options with { PreviousLowResLogits = d.Options.PreviousLowResLogits } == d.Options) is { } kept)
        {
            return kept;
        }

        // Record equality compares the refinement input by reference: the same previous logits, not equal ones.
        if (_tentative is { } t && t.Image == image && t.Prompt == prompt && t.Options == options)
        {
            return new DecodedObject(prompt, options, refine, t.Result, Recyclable: false);
        }

        return new DecodedObject(prompt, options, refine, _predictor.Segment(layer, prompt, options, timings, cancellationToken, contentHash: image), Recyclable: true);
    }

    /// <summary>
    /// The selection of several objects: the union of their masks, in the session's own mask (the last
    /// one goes back to the pool); one object's mask is used as it is.
    /// </summary>
    private Mask Union(DecodedObject[] decoded)
    {
        _union?.Dispose();
        _union = null;
        Mask first = decoded[0].Result.Mask;
        if (decoded.Length == 1)
        {
            return first;
        }

        _union = Mask.Rent(first.Width, first.Height);
        first.Pixels.CopyTo(_union.Pixels);
        foreach (DecodedObject d in decoded.AsSpan(1))
        {
            MaskUnion.Into(_union.Pixels, d.Result.Mask.Pixels);
        }

        return _union;
    }

    /// <param name="Recyclable">Whether the session's own predictor made the result, and no one outside the session holds its mask.</param>
    private sealed record DecodedObject(SegmentationPrompt Prompt, SegmentationOptions Options, bool Refine, SegmentationResult Result, bool Recyclable);

    private sealed record TentativeDecode(SegmentationPrompt Prompt, UInt128 Image, SegmentationOptions Options, SegmentationResult Result);
}
