using BenchmarkDotNet.Attributes;
using HqSam.Core.Masks;
using HqSam.TestModels.Quality;

namespace HqSam.Benchmarks;

/// <summary>
/// The soft edge at 12 MP: an object filling about a third of the frame, its outline smooth (a typical
/// boundary, about 5,000 px long) or with 60 hair-like strands (about 28,000 px of edge); the tiled
/// kernel per width, against plain feathering of the same width (which works on the whole image).
/// </summary>
[MemoryDiagnoser]
// Twenty warm-ups: on 2 cores the first dozen or so calls share the machine with the JIT's background
// recompiles (soft-edge-probe: 30 ms then 11 ms for the smooth outline at width 4).
[SimpleJob(launchCount: 1, warmupCount: 20, iterationCount: 8)]
public class SoftEdgeBenchmarks
{
    private SoftEdgeScene _scene = null!;
    private byte[] _mask = null!;

    [Params(4, 16)]
    public int Width { get; set; }

    [Params(SoftEdgeKind.Hard, SoftEdgeKind.Hair)]
    public SoftEdgeKind Outline { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        (int w, int h) = BenchImages.Size(12);
        _scene = SoftEdgeScene.Build("chelsea.jpg", "rocket.jpg", w, h, Outline, seed: 3);
        _mask = new byte[w * h];
    }

    [IterationSetup]
    public void Reset() => _scene.Mask.CopyTo(_mask, 0);

    [Benchmark]
    public void SoftEdgeFromTheImage() => SoftEdge.Apply(_scene.Image, _mask, Width);

    [Benchmark(Baseline = true)]
    public void Feather() => MaskFeather.Apply(_mask, _scene.Image.Width, _scene.Image.Height, Width);
}
