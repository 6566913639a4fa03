using BenchmarkDotNet.Attributes;
using HqSam.Core.Masks;
using HqSam.TestModels.Quality;

namespace HqSam.Benchmarks;

/// <summary>
/// The soft edge at 12 MP on a typical boundary (an object filling about a third of the frame, a
/// photograph composited through a hair-like alpha): the tiled kernel per width, against plain
/// feathering of the same width.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 2, iterationCount: 8)]
public class SoftEdgeBenchmarks
{
    private SoftEdgeScene _scene = null!;
    private byte[] _mask = null!;

    [Params(4, 16)]
    public int Width { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        (int w, int h) = BenchImages.Size(12);
        _scene = SoftEdgeScene.Build("chelsea.jpg", "rocket.jpg", w, h, SoftEdgeKind.Hair, seed: 3);
        _mask = new byte[w * h];
    }

    [IterationSetup]
    public void Reset() => _scene.Mask.CopyTo(_mask, 0);

    [Benchmark]
    public void SoftEdgeFromTheImage() => SoftEdge.Apply(_scene.Image, _mask, Width);

    [Benchmark(Baseline = true)]
    public void Feather() => MaskFeather.Apply(_mask, _scene.Image.Width, _scene.Image.Height, Width);
}
