using BenchmarkDotNet.Attributes;
using HqSam.Core.Caching;
using HqSam.Core.Contract;
using HqSam.Core.Imaging;
using HqSam.Core.Pipeline;
using HqSam.Core.Prompts;
using HqSam.Interop.Onnx;
using Microsoft.ML.OnnxRuntime;

namespace HqSam.Benchmarks;

/// <summary>
/// The real HQ-SAM 2.1 Hiera-L graph (the reference pair: random weights, real cost), raw ONNX Runtime
/// beside HqSam for each stage. Runs only when <c>HQSAM_REFERENCE_PAIR</c> names the pair's folder
/// (tools/convert/make-reference-pair.sh builds it):
/// <code>HQSAM_REFERENCE_PAIR=$PWD/models/reference dotnet run -c Release --project Benchmarks -- --filter '*ReferencePair*'</code>
/// Raw sessions use ONNX Runtime's defaults (ORT_ENABLE_ALL) but HqSam's thread count
/// (<see cref="RawSessionOptions"/>), with the tensors bound once; the raw
/// decoder fetches only <c>iou_predictions</c> and <c>low_res_masks</c>, as HqSam does, at both
/// optimisation levels.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 1, iterationCount: 5)]
public class ReferencePairBenchmarks
{
    public const string EnvironmentVariable = "HQSAM_REFERENCE_PAIR";

    private InferenceSession _rawEncoder = null!;
    private InferenceSession _rawDecoderAll = null!;
    private InferenceSession _rawDecoderBasic = null!;
    private OrtValue[] _encoderInputs = null!;
    private OrtValue[] _encoderOutputs = null!;
    private OrtValue[] _decoderInputs = null!;
    private OrtValue[] _decoderOutputs = null!;
    private RunOptions _run = null!;
    private OnnxSamModel _model = null!;
    private SamPredictor _predictor = null!;
    private float[] _image = null!;
    private ImageEmbedding _embedding = null!;
    private readonly LowResMasks _low = new();
    private DecoderPrompt _decoderPrompt = null!;
    private BgraImage _picture = null!;
    private UInt128 _pictureHash;
    private SegmentationPrompt _click = null!;

    public static string PairDirectory() => Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } dir
        ? dir
        : throw new InvalidOperationException($"set {EnvironmentVariable} to the reference pair's folder (tools/convert/make-reference-pair.sh)");

    [GlobalSetup]
    public void Setup()
    {
        string dir = PairDirectory();
        using (var all = RawSessionOptions.Create())
        using (var basic = RawSessionOptions.Create(GraphOptimizationLevel.ORT_ENABLE_BASIC))
        {
            _rawEncoder = new InferenceSession(Path.Combine(dir, "encoder.onnx"), all);
            _rawDecoderAll = new InferenceSession(Path.Combine(dir, "decoder.onnx"), all);
            _rawDecoderBasic = new InferenceSession(Path.Combine(dir, "decoder.onnx"), basic);
        }

        _model = OnnxSamModel.Load(dir);
        _predictor = new SamPredictor(_model, new EmbeddingCache());
        _image = new float[3 * 1024 * 1024];
        var rng = new Random(1);
        for (int i = 0; i < _image.Length; i++)
        {
            _image[i] = (float)((rng.NextDouble() * 4) - 2);
        }

        _embedding = new ImageEmbedding();
        _model.Encode(_image, _embedding);
        _run = new RunOptions();
        _encoderInputs = [OrtValue.CreateTensorValueFromMemory(_image, [1, 3, 1024, 1024])];
        _encoderOutputs =
        [
            OrtValue.CreateTensorValueFromMemory(new float[_embedding.HighResFeats0.Length], [1, 32, 256, 256]),
            OrtValue.CreateTensorValueFromMemory(new float[_embedding.HighResFeats1.Length], [1, 64, 128, 128]),
            OrtValue.CreateTensorValueFromMemory(new float[_embedding.ImageEmbed.Length], [1, 256, 64, 64]),
        ];
        _decoderPrompt = DecoderPrompt.From(new SegmentationPrompt([new PointPrompt(400, 300), new PointPrompt(600, 500, false)]), 1024, 1024);
        _decoderInputs =
        [
            OrtValue.CreateTensorValueFromMemory(_embedding.ImageEmbed, [1, 256, 64, 64]),
            OrtValue.CreateTensorValueFromMemory(_embedding.HighResFeats0, [1, 32, 256, 256]),
            OrtValue.CreateTensorValueFromMemory(_embedding.HighResFeats1, [1, 64, 128, 128]),
            OrtValue.CreateTensorValueFromMemory(_decoderPrompt.Coords, [1, _decoderPrompt.Count, 2]),
            OrtValue.CreateTensorValueFromMemory(_decoderPrompt.Labels, [1, _decoderPrompt.Count]),
            OrtValue.CreateTensorValueFromMemory(new float[256 * 256], [1, 1, 256, 256]),
            OrtValue.CreateTensorValueFromMemory(new float[1], [1]),
        ];
        _decoderOutputs =
        [
            OrtValue.CreateTensorValueFromMemory(new float[3], [1, 3]),
            OrtValue.CreateTensorValueFromMemory(new float[4 * 256 * 256], [1, 4, 256, 256]),
        ];

        _picture = BenchImages.Create(12);
        _pictureHash = EmbeddingKey.HashContent(_picture);
        _predictor.WarmUp(_predictor.GetEmbedding(_picture, contentHash: _pictureHash)); // as the dialog does once the layer is encoded
        _click = new SegmentationPrompt([new PointPrompt(_picture.Width / 3f, _picture.Height / 2f)]);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        foreach (OrtValue v in _encoderInputs.Concat(_encoderOutputs).Concat(_decoderInputs).Concat(_decoderOutputs))
        {
            v.Dispose();
        }

        _run.Dispose();
        _rawEncoder.Dispose();
        _rawDecoderAll.Dispose();
        _rawDecoderBasic.Dispose();
        _model.Dispose();
    }

    [Benchmark]
    [BenchmarkCategory("encode")]
    public void RawEncode() => _rawEncoder.Run(_run, EncoderInputNames, _encoderInputs, EncoderOutputNames, _encoderOutputs);

    [Benchmark]
    [BenchmarkCategory("encode")]
    public void HqSamEncode() => _model.Encode(_image, _embedding);

    [Benchmark]
    [BenchmarkCategory("decode")]
    public void RawDecodeAll() => _rawDecoderAll.Run(_run, DecoderInputNames, _decoderInputs, FetchedDecoderOutputs, _decoderOutputs);

    [Benchmark]
    [BenchmarkCategory("decode")]
    public void RawDecodeBasic() => _rawDecoderBasic.Run(_run, DecoderInputNames, _decoderInputs, FetchedDecoderOutputs, _decoderOutputs);

    [Benchmark]
    [BenchmarkCategory("decode")]
    public void HqSamDecode() => _model.Decode(_embedding, _decoderPrompt, null, _low);

    /// <summary>
    /// A click on a 12 MP image to its full-size mask with the default settings (edge refinement on; no
    /// closer look), writing into the mask the click before made, as the dialog's session does.
    /// </summary>
    [Benchmark]
    [BenchmarkCategory("decode")]
    public SegmentationResult HqSamClickToMask12MP()
    {
        if (_lastClick is not null)
        {
            _predictor.Recycle(_lastClick);
        }

        return _lastClick = _predictor.Segment(_picture, _click, NoZoom, contentHash: _pictureHash);
    }

    private SegmentationResult? _lastClick;

    private static readonly SegmentationOptions NoZoom = new() { Zoom = ZoomMode.Off };

    // The contract's names, in its order (the tensors above are bound in the same order).
    internal static readonly string[] DecoderInputNames = [.. SamContract.DecoderInputs.Select(i => i.Name)];

    /// <summary>What HqSam fetches from the decoder (not the 16 MB full-size masks).</summary>
    internal static readonly string[] FetchedDecoderOutputs = [SamContract.IouPredictions, SamContract.LowResMasks];

    private static readonly string[] EncoderInputNames = [SamContract.Image];

    private static readonly string[] EncoderOutputNames = [.. SamContract.EncoderOutputs.Select(o => o.Name)];
}
