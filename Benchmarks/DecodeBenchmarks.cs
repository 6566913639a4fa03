using BenchmarkDotNet.Attributes;
using HqSam.Core.Caching;
using HqSam.Core.Contract;
using HqSam.Core.Pipeline;
using HqSam.Core.Prompts;
using HqSam.Interop.Onnx;
using HqSam.TestModels;

namespace HqSam.Benchmarks;

/// <summary>
/// A click on an image whose embedding is cached, with the analytic test decoder.
/// <c>OrtDecodeOnly</c> is the time inside ONNX Runtime (tensors bound, run, outputs written);
/// <c>RoundTrip</c> is the whole interactive step: prompt validation, decode, channel choice and the
/// source-size mask. Their difference is the pipeline's overhead; the allocated column is per click.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 10)]
public class DecodeBenchmarks
{
    private OnnxSamModel _model = null!;
    private SamPredictor _predictor = null!;
    private ImageEmbedding _embedding = null!;
    private readonly LowResMasks _low = new();
    private SegmentationPrompt _prompt = null!;
    private DecoderPrompt _decoderPrompt = null!;
    private byte[] _mask = null!;
    private HqSam.Core.Imaging.BgraImage _image = null!;
    private UInt128 _hash;
    private int _width;
    private int _height;

    [Params(1, 12)]
    public int MegaPixels { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        string dir = Path.Combine(Path.GetTempPath(), "hqsam-bench-models");
        TestModelFactory.WritePair(dir);
        _model = OnnxSamModel.Load(dir);
        _predictor = new SamPredictor(_model, new EmbeddingCache());
        var image = BenchImages.Create(MegaPixels);
        (_width, _height) = (image.Width, image.Height);
        _embedding = _predictor.GetEmbedding(image);
        (_image, _hash) = (image, EmbeddingKey.HashContent(image));
        _prompt = new SegmentationPrompt([new PointPrompt(_width / 3f, _height / 2f), new PointPrompt(_width / 2f, _height / 3f, Positive: false)]);
        _decoderPrompt = DecoderPrompt.From(_prompt, _width, _height);
        _mask = new byte[_width * _height];
    }

    [GlobalCleanup]
    public void Cleanup() => _model.Dispose();

    [Benchmark(Baseline = true)]
    public void OrtDecodeOnly() => _model.Decode(_embedding, _decoderPrompt, null, _low);

    [Benchmark]
    public int RoundTrip() => _predictor.Decode(_embedding, _width, _height, _prompt, _mask);

    /// <summary>
    /// A click as the CLI and the effects make it, with the default settings: decode, edge refinement
    /// against the image, and a new source-size mask (zoom-in does not run: the object is not small).
    /// </summary>
    [Benchmark]
    public SegmentationResult DefaultClick() => _predictor.Segment(_image, _prompt, contentHash: _hash);
}
