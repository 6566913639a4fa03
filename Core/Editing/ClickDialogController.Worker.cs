using HqSam.Core.Masks;
using HqSam.Core.Pipeline;
using HqSam.Core.Prompts;

namespace HqSam.Core.Editing;

/// <summary>
/// The click dialog's background side: what the latest-wins worker takes next, and each round's work
/// (a decode for the latest settings, a hover preview, a new frame); the closer look's crop encode.
/// The view side, state and lifecycle are in ClickDialogController.cs.
/// </summary>
public sealed partial class ClickDialogController
{
    /// <summary>What the next round of the worker does: the latest viewport and the latest unclaimed settings. Caller holds the gate.</summary>
    private DecodeWork? TakeWork()
    {
        ViewportRequest? viewport = _pendingViewport;
        _pendingViewport = null;
        EditorSettings? settings = null;
        if (Phase is DialogPhase.Ready or DialogPhase.Decoding && _pendingSettings is not null)
        {
            (settings, _pendingSettings, Phase) = (_pendingSettings, null, DialogPhase.Decoding);
        }

        // A hover preview only when no real decode waits: a click always goes first.
        HoverSpot? hover = settings is null && Phase == DialogPhase.Ready ? _hover.Take() : null;
        bool recompose = _recompose;
        _recompose = false;
        return viewport is null && settings is null && hover is null && !recompose ? null : new DecodeWork(viewport, settings, hover);
    }

    /// <summary>The frame must be drawn again (a preview outline went). Caller holds the gate.</summary>
    private void RecomposeLocked()
    {
        _recompose = true;
        _worker.Kick();
    }

    /// <summary>The rest timer fired (on a timer thread): the point under the pointer is due for a preview.</summary>
    private void HoverRested(int generation)
    {
        lock (_gate)
        {
            if (Phase == DialogPhase.Ready && _pendingSettings is null)
            {
                _hover.MarkDue(generation);
                if (_hover.Due is not null)
                {
                    _worker.Kick();
                }
            }
        }
    }

    /// <summary>
    /// Decodes the point the pointer rests on as one more point of the current object (or, with Shift,
    /// as the first of another), on the session's own hover predictor, and keeps its mask for the outline
    /// while the pointer stays there. Moving on cancels it; a preview slower than
    /// <see cref="HoverPreview.MaxDecode"/> turns previews off and says so.
    /// </summary>
    private void PreviewHover(HoverSpot at)
    {
        EditorSettings tentative;
        CancellationToken moved;
        UInt128 hash;
        LayerEncodeJob encoder;
        lock (_gate)
        {
            var point = new PointPrompt(at.X, at.Y, true);
            tentative = at.NewObject && _settings.ToPrompt() is { } current
                ? _settings with { EarlierObjects = _settings.EarlierObjects.Add(current), Points = [point], SelectionBounds = null }
                : _settings with { Points = [.. _settings.Points, point] };
            (moved, hash, encoder) = (_hover.Token, _layerHash, _encoder!);
        }

        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(moved, _lifetime.Token);
        long started = _time.GetTimestamp();
        Mask? mask;
        try
        {
            mask = encoder.Session!.Tentative(_layer, tentative, hash, cancel.Token);
        }
        catch (OperationCanceledException) when (!_lifetime.IsCancellationRequested)
        {
            return; // the pointer moved on, or a click came
        }
        catch (HqSamException)
        {
            return; // a preview is a courtesy: the click itself reports what is wrong
        }

        TimeSpan took = _time.GetElapsedTime(started);
        lock (_gate)
        {
            if (_hover.At == at && !moved.IsCancellationRequested && ReferenceEquals(encoder, _encoder))
            {
                _hover.Mask = mask;
            }

            if (_hover.Finished(took))
            {
                Status = DialogStatusText.HoverOff(took);
            }
        }
    }

    private void Failed(Exception e)
    {
        lock (_gate)
        {
            Status = DialogStatusText.Unexpected(e);
            if (Phase == DialogPhase.Decoding)
            {
                Phase = DialogPhase.Ready;
            }
        }

        Raise();
    }

    /// <summary>One round of the worker: the viewport's picture and the decode for the latest settings, then a new frame.</summary>
    private void Step(DecodeWork work)
    {
        (ViewportRequest? viewport, EditorSettings? settings) = (work.Viewport, work.Settings);
        if (viewport is { } v)
        {
            _preview.Fit(v.Width, v.Height, v.Scale, v.OffsetX, v.OffsetY);
        }

        if (work.Hover is { } at)
        {
            PreviewHover(at);
        }

        if (settings is not null)
        {
            UInt128 hash;
            LayerEncodeJob encoder;
            lock (_gate)
            {
                (hash, encoder) = (_layerHash, _encoder!);
            }

            // The dialog's layer never changes: the hash from the encode saves hashing it per click.
            // A closer look whose crop is not encoded yet must not hold up the click: the whole-image
            // mask is shown now, the crop encodes beside, and the closer mask replaces it when ready.
            RenderState state = encoder.Session!.Update(_layer, settings, cancellationToken: _lifetime.Token, contentHash: hash, encodeCrops: false);
            ZoomRegion? crop = state.Coverage is null ? null : encoder.Session.MissingCrop;

            // The result says what it is: without its closer look yet, it is the whole-image mask.
            EditorSettings made = crop is null ? settings : settings with { Zoom = ZoomMode.Off };
            lock (_gate)
            {
                if (!ReferenceEquals(encoder, _encoder))
                {
                    return; // the user chose another model meanwhile: this mask is not its
                }

                _coverage = state.Coverage;
                Result = state.Coverage is null ? null : new FinishedMask(made, _layerHash, state);
                Status = state.Error ?? DialogStatusText.Hint(settings.ToPrompt(), encoder.DeviceNote, encoder.Advice, settings.EarlierObjects.Length);
                if (crop is { } c)
                {
                    StartZoomEncode(encoder, c, settings, hash);
                }
                else if (_zoomEncode.InFlight is not null && ReferenceEquals(settings, _settings))
                {
                    // The latest click needs no crop encode: the one still running is for an earlier click.
                    _zoomEncode.Cancel();
                }

                if (_pendingSettings is null)
                {
                    Phase = DialogPhase.Ready;
                }
            }
        }

        if (_preview.ViewWidth > 0)
        {
            byte[]? spare;
            Mask? hover;
            lock (_gate)
            {
                (spare, _spare, hover) = (_spare, null, _hover.Mask);
            }

            PreviewFrame frame = _preview.Compose(_coverage, spare, hover);
            lock (_gate)
            {
                Frame = frame;
            }
        }

        Raise();
    }

    /// <summary>
    /// Encodes <paramref name="crop"/> beside the decodes (see <see cref="ZoomEncodeJob"/>), then decodes
    /// the closer look if <paramref name="settings"/> are still the dialog's. Caller holds the gate.
    /// </summary>
    private void StartZoomEncode(LayerEncodeJob encoder, ZoomRegion crop, EditorSettings settings, UInt128 hash)
    {
        Status = DialogStatusText.ZoomEncoding;
        _zoomEncode.Start(crop, token => encoder.Session!.EncodeCrop(_layer, crop, hash, token), outcome =>
        {
            if (outcome is not null)
            {
                if (_zoomEncode.InFlight is null)
                {
                    Status = outcome;
                }
            }
            else if (ReferenceEquals(settings, _settings))
            {
                // Still the latest click: decode again, now with the crop encoded.
                _pendingSettings ??= settings;
                Phase = Phase == DialogPhase.Ready ? DialogPhase.Decoding : Phase;
                _worker.Kick();
            }
        }, Raise);
    }
}
