using HqSam.Core.Contract;
using HqSam.Core.Prompts;
using HqSam.Interop.Providers;
using HqSam.Interop.Sessions;
using Microsoft.ML.OnnxRuntime;

namespace HqSam.Interop.Onnx;

/// <summary>
/// The encoder/decoder pair over ONNX Runtime. Sessions are leased from a <see cref="SessionPool{TKey, TSession}"/>
/// per run (the pool owns and disposes them). Tensors are <see cref="OrtValue"/>s over the caller's arrays (pinned for the run, never copied);
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
    private static readonly TensorSpec[] EncoderOutputSpecs = [SamContract.HighResFeats0Spec, SamContract.HighResFeats1Spec, SamContract.ImageEmbedSpec];

    private static readonly long[] ImageShape = [.. SamContract.ImageSpec.Shape];
    private static readonly long[] Feats0Shape = [.. SamContract.HighResFeats0Spec.Shape];
    private static readonly long[] Feats1Shape = [.. SamContract.HighResFeats1Spec.Shape];
    private static readonly long[] EmbedShape = [.. SamContract.ImageEmbedSpec.Shape];
    private static readonly long[] MaskInputShape = [.. SamContract.MaskInputSpec.Shape];
    private static readonly long[] HasMaskShape = [.. SamContract.HasMaskInputSpec.Shape];
    private static readonly long[] IouShape = [.. SamContract.IouPredictionsSpec.Shape];

    private readonly SessionPool<SessionKey, OnnxSession> _pool;
    private readonly SessionKey _decoderKey;
    private readonly float[] _noMask = new float[LowResMasks.PlaneLength];
    private readonly TensorSpec[] _decoderOutputSpecs;
    private readonly long[] _lowResShape;
    private bool _cpuRequested;
    private SessionKey _encoderKey;

    private OnnxSamModel(ModelFiles files, SessionPool<SessionKey, OnnxSession> pool, SessionKey encoderKey, SessionKey decoderKey, ProviderPlan plan, ModelFamily family)
    {
        Files = files;
        Family = family;
        _decoderOutputSpecs = [SamContract.IouPredictionsSpec, SamContract.LowResMasksSpecOf(family)];
        _lowResShape = [.. SamContract.LowResMasksSpecOf(family).Shape];
        _pool = pool;
        _encoderKey = encoderKey;
        _decoderKey = decoderKey;
        Plan = plan;
        Identity = encoderKey.FileIdentity;
    }

    public ModelFiles Files { get; }

    /// <summary>HQ-SAM 2.1 or plain SAM 2.1, as the decoder's outputs say.</summary>
    public ModelFamily Family { get; }

    /// <summary>The encoder's file identity: embeddings depend on the encoder alone.</summary>
    public string Identity { get; }

    /// <summary>Where the sessions actually run, with the reasons (including any fallback to the CPU).</summary>
    public ProviderPlan Plan { get; private set; }

    /// <summary>The encoder's CPU fallback and its reason, unless the CPU was what the request asked for.</summary>
    public string? DeviceNote => Plan.Encoder.Provider == ExecutionProvider.Cpu && !_cpuRequested ? $"on the CPU: {Plan.Encoder.Reason}" : null;

    /// <summary>Loads <c>encoder.onnx</c> and <c>decoder.onnx</c> from a folder and checks both against the contract.</summary>
    public static OnnxSamModel Load(string directory, ModelLoadOptions? options = null) => Load(ModelFiles.InDirectory(directory), options);

    /// <summary>
    /// Chooses providers, then leases (creating if needed) one encoder and one decoder session from
    /// the pool, so that file and contract errors surface here rather than at the first click.
    /// </summary>
    public static OnnxSamModel Load(ModelFiles files, ModelLoadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(files);
        options ??= ModelLoadOptions.Default;
        SessionPool<SessionKey, OnnxSession> pool = options.Pool ?? OnnxSessionPool.Shared;
        ProviderPlan plan = ProviderSelector.Select(options.Request, options.Machine ?? MachineCapabilities.Probe());

        ModelFiles.CheckReadable(files.EncoderPath);
        ModelFiles.CheckReadable(files.DecoderPath);
        var encoderKey = new SessionKey(files.EncoderPath, OnnxSessionFactory.FileIdentity(files.EncoderPath), ModelRole.Encoder, plan.Encoder.Provider, plan.Encoder.DeviceId, options.Settings);
        var decoderKey = new SessionKey(files.DecoderPath, OnnxSessionFactory.FileIdentity(files.DecoderPath), ModelRole.Decoder, plan.Decoder.Provider, plan.Decoder.DeviceId, options.Settings);

        // A CPU decoder's session is made beside the encoder's: its session, its first run and the family
        // probe no longer wait for the larger encoder (reference pairs, alternating launches: SAM 2.1-Small
        // 427 -> 331 ms, HQ-SAM 2.1-L 1026 -> 934 ms, medians). A decoder on a GPU waits its turn: two
        // sessions made at once on one device has never run here.
        (ProviderChoice Decoder, ModelFamily Family) LoadDecoder()
        {
            using var lease = pool.Rent(decoderKey);
            return (Report(plan.Decoder, lease.Session), lease.Session.Family);
        }

        Task<(ProviderChoice Decoder, ModelFamily Family)>? decoding = plan.Decoder.Provider == ExecutionProvider.Cpu ? Task.Run(LoadDecoder) : null;
        ProviderChoice encoder;
        try
        {
            using var lease = pool.Rent(encoderKey);
            encoder = Report(plan.Encoder, lease.Session);
        }
        catch
        {
            // The encoder's error is the one to report; the decoder's load is let finish, its outcome dropped.
            try
            {
                decoding?.Wait();
            }
            catch (AggregateException)
            {
            }

            throw;
        }

        (ProviderChoice decoder, ModelFamily family) = decoding is null ? LoadDecoder() : decoding.GetAwaiter().GetResult();

        return new OnnxSamModel(files, pool, encoderKey, decoderKey, new ProviderPlan(encoder, decoder), family) { _cpuRequested = options.Request.Provider == ProviderPreference.Cpu };
    }

    /// <summary>
    /// The planned choice, unless the session had to fall back (then the fallback and its reason),
    /// with how its graph was loaded when that says something (<see cref="OnnxSession.LoadNote"/>).
    /// </summary>
    private static ProviderChoice Report(ProviderChoice planned, OnnxSession session)
    {
        ProviderChoice choice = session.Actual.Provider == planned.Provider ? planned : session.Actual;
        return session.LoadNote is { } note ? choice with { Reason = $"{choice.Reason}; {note}" } : choice;
    }

    public void Encode(float[] image, ImageEmbedding output, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(output);
        using var input = OrtValue.CreateTensorValueFromMemory(image, ImageShape);
        using var f0 = OrtValue.CreateTensorValueFromMemory(output.HighResFeats0, Feats0Shape);
        using var f1 = OrtValue.CreateTensorValueFromMemory(output.HighResFeats1, Feats1Shape);
        using var embed = OrtValue.CreateTensorValueFromMemory(output.ImageEmbed, EmbedShape);
        try
        {
            Run(_encoderKey, Files.EncoderPath, EncoderInputNames, [input], EncoderOutputNames, EncoderOutputSpecs, [f0, f1, embed], cancellationToken);
        }
        catch (ModelRuntimeException e) when (_encoderKey.Provider != ExecutionProvider.Cpu)
        {
            // A GPU encode that fails (device lost, out of video memory) is retried on the CPU, and
            // later encodes stay there; the plan says why.
            _encoderKey = _encoderKey.OnCpu();
            Plan = Plan with { Encoder = ProviderChoice.Cpu($"GPU encode failed ({e.Message}); retried on the CPU") };
            Run(_encoderKey, Files.EncoderPath, EncoderInputNames, [input], EncoderOutputNames, EncoderOutputSpecs, [f0, f1, embed], cancellationToken);
        }
    }

    public void Decode(ImageEmbedding embedding, DecoderPrompt prompt, float[]? maskInput, LowResMasks output, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(embedding);
        ArgumentNullException.ThrowIfNull(prompt);
        ArgumentNullException.ThrowIfNull(output);
        if (output.Family != Family)
        {
            throw new ArgumentException($"the buffers are for {output.Family.DisplayName()}'s masks, this model is {Family.DisplayName()}", nameof(output));
        }

        using var embed = OrtValue.CreateTensorValueFromMemory(embedding.ImageEmbed, EmbedShape);
        using var f0 = OrtValue.CreateTensorValueFromMemory(embedding.HighResFeats0, Feats0Shape);
        using var f1 = OrtValue.CreateTensorValueFromMemory(embedding.HighResFeats1, Feats1Shape);
        using var coords = OrtValue.CreateTensorValueFromMemory(prompt.Coords, [1, prompt.Count, 2]);
        using var labels = OrtValue.CreateTensorValueFromMemory(prompt.Labels, [1, prompt.Count]);
        using var mask = OrtValue.CreateTensorValueFromMemory(maskInput ?? _noMask, MaskInputShape);
        using var hasMask = OrtValue.CreateTensorValueFromMemory(maskInput is null ? HasNoMask : HasMask, HasMaskShape);
        using var iou = OrtValue.CreateTensorValueFromMemory(output.Iou, IouShape);
        using var lowRes = OrtValue.CreateTensorValueFromMemory(output.Logits, _lowResShape);
        Run(_decoderKey, Files.DecoderPath, DecoderInputNames, [embed, f0, f1, coords, labels, mask, hasMask], DecoderOutputNames, _decoderOutputSpecs, [iou, lowRes], cancellationToken);
    }

    /// <summary>
    /// Frees the encoder's session (its weights, about 850 MB for Hiera-L, and its working memory)
    /// now rather than after the pool's idle time: for a single-shot caller that has its embedding
    /// and will not encode again. A later <see cref="Encode"/> loads it again. Returns whether one was freed.
    /// </summary>
    public bool ReleaseEncoder() => _pool.ReleaseIdle(_encoderKey) > 0;

    /// <summary>
    /// One decode of blank features with a click in the middle. A file that declares symbolic output
    /// dimensions is only checked on a run; this shows its actual shapes (the contract error when
    /// they differ) without an encode, for imports and <c>models verify</c>.
    /// </summary>
    public void ProbeDecoder(CancellationToken cancellationToken = default)
    {
        DecoderPrompt prompt = DecoderPrompt.From(new SegmentationPrompt([new PointPrompt(0.5f, 0.5f, true)]), 1, 1);
        Decode(new ImageEmbedding(), prompt, null, new LowResMasks(Family), cancellationToken);
    }

    /// <summary>Nothing to free here: the sessions belong to the pool, which releases them when idle or at unload.</summary>
    public void Dispose()
    {
    }

    // Never written: ONNX Runtime only reads inputs.
    private static readonly float[] HasMask = [1f];
    private static readonly float[] HasNoMask = [0f];

    private void Run(SessionKey key, string path, string[] inputNames, OrtValue[] inputs, string[] outputNames, TensorSpec[] outputSpecs, OrtValue[] outputs, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var lease = _pool.Rent(key, cancellationToken);
        InferenceSession session = lease.Session.Session;
        using var runOptions = new RunOptions { LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_FATAL };
        if (key.Role == ModelRole.Encoder && key.Settings.EncoderArena && lease.Session.Actual.Provider == ExecutionProvider.Cpu)
        {
            // The encoder's arena serves the run, then goes back to the system: nothing held while the user clicks.
            runOptions.AddRunConfigEntry("memory.enable_memory_arena_shrinkage", "cpu:0");
        }

        using CancellationTokenRegistration registration = cancellationToken.Register(static o => ((RunOptions)o!).Terminate = true, runOptions);
        try
        {
            if (lease.Session.OutputShapesUnverified)
            {
                RunAndVerify(session, runOptions, path, inputNames, inputs, outputNames, outputSpecs, outputs);
                lease.Session.OutputShapesUnverified = false;
            }
            else
            {
                session.Run(runOptions, inputNames, inputs, outputNames, outputs);
            }
        }
        catch (OnnxRuntimeException e)
        {
            cancellationToken.ThrowIfCancellationRequested();
            lease.MarkFaulted(); // a session that failed mid-run is not trusted again
            throw new ModelRuntimeException($"{Path.GetFileName(path)} failed while running: {OnnxErrors.OneLine(e)}", e);
        }
        catch (ModelContractException)
        {
            lease.MarkFaulted(); // its outputs will never fit the contract
            throw;
        }
    }

    /// <summary>
    /// The first run of a file with symbolic output dimensions: ONNX Runtime allocates the outputs,
    /// each is checked against the contract (the same one-line error as at load), then copied into
    /// the caller's buffers. Later runs write into the buffers directly.
    /// </summary>
    private static void RunAndVerify(InferenceSession session, RunOptions runOptions, string path, string[] inputNames, OrtValue[] inputs, string[] outputNames, TensorSpec[] outputSpecs, OrtValue[] outputs)
    {
        using IDisposableReadOnlyCollection<OrtValue> produced = session.Run(runOptions, inputNames, inputs, outputNames);
        for (int i = 0; i < outputs.Length; i++)
        {
            OnnxContract.CheckActual(path, outputSpecs[i], produced[i]);
        }

        for (int i = 0; i < outputs.Length; i++)
        {
            produced[i].GetTensorDataAsSpan<float>().CopyTo(outputs[i].GetTensorMutableDataAsSpan<float>());
        }
    }
}
