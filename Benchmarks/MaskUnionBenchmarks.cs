using BenchmarkDotNet.Attributes;
using HqSam.Core.Masks;

namespace HqSam.Benchmarks;

/// <summary>
/// Several objects: one more object's mask joined into the selection (<see cref="MaskUnion.Into"/>)
/// against the per-pixel maximum written out, at 1, 12 and 24 MP.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 2, iterationCount: 8)]
public class MaskUnionBenchmarks
{
    private byte[] _union = null!;
    private byte[] _mask = null!;

    [Params(1, 12, 24)]
    public int MegaPixels { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        (int width, int height) = BenchImages.Size(MegaPixels);
        (_union, _mask) = (new byte[width * height], new byte[width * height]);
        var random = new Random(1);
        random.NextBytes(_union);
        random.NextBytes(_mask);
    }

    [Benchmark]
    public void Vectorised() => MaskUnion.Into(_union, _mask);

    [Benchmark(Baseline = true)]
    public void PlainLoop()
    {
        byte[] union = _union, mask = _mask;
        for (int i = 0; i < union.Length; i++)
        {
            union[i] = Math.Max(union[i], mask[i]);
        }
    }
}
