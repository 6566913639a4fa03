using BenchmarkDotNet.Attributes;
using HqSam.Core.Masks;

namespace HqSam.Benchmarks;

/// <summary>
/// 256² logits → source-size binary mask. <c>PlainLoop</c> computes each pixel's bilinear sample
/// on its own; <c>CopyReference</c> writes the same bytes once (copy of a mask-sized buffer). Two kinds of
/// logits: a few smooth blobs, and an edge through nearly every cell (the reference pair's random weights).
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 2, iterationCount: 8)]
public class PostprocessBenchmarks
{
    private readonly MaskUpsampler _upsampler = new();
    private float[] _logits = null!;
    private byte[] _mask = null!;
    private byte[] _source = null!;
    private int _width;
    private int _height;

    [Params(1, 12, 24)]
    public int MegaPixels { get; set; }

    [Params(false, true)]
    public bool EdgeEverywhere { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _logits = EdgeEverywhere ? BenchImages.EdgeEverywhereLogits() : BenchImages.Logits();
        (_width, _height) = BenchImages.Size(MegaPixels);
        _mask = new byte[_width * _height];
        _source = new byte[_width * _height];
    }

    [Benchmark]
    public void Fast() => _upsampler.Run(_logits, _width, _height, _mask);

    [Benchmark(Baseline = true)]
    public void PlainLoop()
    {
        float sx = 256f / _width, sy = 256f / _height;
        for (int y = 0; y < _height; y++)
        {
            float fy = Math.Max(0, ((y + 0.5f) * sy) - 0.5f);
            int y0 = Math.Min((int)fy, 255), y1 = Math.Min(y0 + 1, 255);
            float ly = fy - y0;
            for (int x = 0; x < _width; x++)
            {
                float fx = Math.Max(0, ((x + 0.5f) * sx) - 0.5f);
                int x0 = Math.Min((int)fx, 255), x1 = Math.Min(x0 + 1, 255);
                float lx = fx - x0;
                float top = (_logits[(y0 * 256) + x0] * (1 - lx)) + (_logits[(y0 * 256) + x1] * lx);
                float bottom = (_logits[(y1 * 256) + x0] * (1 - lx)) + (_logits[(y1 * 256) + x1] * lx);
                _mask[(y * _width) + x] = (top * (1 - ly)) + (bottom * ly) > 0 ? (byte)255 : (byte)0;
            }
        }
    }

    [Benchmark]
    public void CopyReference() => _source.AsSpan().CopyTo(_mask);
}
