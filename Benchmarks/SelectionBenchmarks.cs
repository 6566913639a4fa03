using BenchmarkDotNet.Attributes;
using HqSam.Core.Selection;

namespace HqSam.Benchmarks;

/// <summary>
/// Tracing a 24 MP mask with a complex boundary (hundreds of blobs with holes and ragged edges) into
/// polygons, and the simplification that follows.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 1, iterationCount: 5)]
public class SelectionBenchmarks
{
    private byte[] _mask = null!;
    private List<Polygon> _polygons = null!;
    private int _width;
    private int _height;

    [GlobalSetup]
    public void Setup()
    {
        (_width, _height) = BenchImages.Size(24);
        _mask = new byte[_width * _height];
        for (int y = 0; y < _height; y++)
        {
            for (int x = 0; x < _width; x++)
            {
                // Interference of two wave patterns: many blobs, holes and diagonal edges.
                double v = Math.Sin(x * 0.013) * Math.Cos(y * 0.011) + (0.4 * Math.Sin((x + y) * 0.031));
                _mask[(y * _width) + x] = v > 0.1 ? (byte)255 : (byte)0;
            }
        }

        _polygons = MaskTracer.Trace(_mask, _width, _height);
    }

    [Benchmark]
    public int Trace24MP() => MaskTracer.Trace(_mask, _width, _height).Count;

    [Benchmark]
    public int Simplify24MP() => PolygonSimplifier.Simplify(_polygons).Count;
}
