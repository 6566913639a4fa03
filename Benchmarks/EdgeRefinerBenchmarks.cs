using BenchmarkDotNet.Attributes;
using HqSam.Core.Imaging;
using HqSam.Core.Masks;
using HqSam.TestModels.Quality;

namespace HqSam.Benchmarks;

/// <summary>
/// Edge refinement after upsampling, on real photographs composited inside the mask's own outline
/// moved by three pixels, so every cell near an edge has a real edge to snap to:
/// <c>Disc</c>, a photo-sized disc (the edge crosses ~800 cells); <c>Noisy</c>, the worst case, random
/// logits whose boundary runs through nearly every cell.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 2, iterationCount: 8)]
public class EdgeRefinerBenchmarks
{
    private readonly EdgeRefiner _wide = new() { Strength = 2 };
    private readonly EdgeRefiner _refiner = new();
    private readonly MaskUpsampler _upsampler = new();
    private BgraImage _image = null!;
    private float[] _logits = null!;
    private byte[] _mask = null!;

    [Params(12, 24)]
    public int MegaPixels { get; set; }

    [Params("Disc", "Noisy")]
    public string Boundary { get; set; } = "Disc";

    [GlobalSetup]
    public void Setup()
    {
        (int w, int h) = BenchImages.Size(MegaPixels);
        _logits = new float[256 * 256];
        var rng = new Random(3);
        for (int y = 0; y < 256; y++)
        {
            for (int x = 0; x < 256; x++)
            {
                double dx = (x + 0.5 - 128) / (256 * 0.29), dy = (y + 0.5 - 128) / (256 * 0.29);
                _logits[(y * 256) + x] = Boundary == "Disc"
                    ? (float)(4 * (1 - Math.Sqrt((dx * dx) + (dy * dy))))
                    : (float)((rng.NextDouble() - 0.5) * 8);
            }
        }

        // The photo's object is where the plain mask is, three pixels to the right.
        _mask = new byte[w * h];
        _upsampler.Run(_logits, w, h, _mask);
        var truth = new byte[w * h];
        for (int y = 0; y < h; y++)
        {
            _mask.AsSpan(y * w, w - 3).CopyTo(truth.AsSpan((y * w) + 3, w - 3));
        }

        _image = new BgraImage(w, h, PhotoScene.Compose("coffee.jpg", "astronaut.jpg", truth, w, h));
    }

    [Benchmark(Baseline = true)]
    public void PlainUpsample() => _upsampler.Run(_logits, _image.Width, _image.Height, _mask);

    [Benchmark]
    public void UpsampleAndRefine()
    {
        _upsampler.Run(_logits, _image.Width, _image.Height, _mask);
        _refiner.Refine(_image, _logits, _mask);
    }

    /// <summary>Strength 2 (the dialog's 200%): a band of a whole logit cell.</summary>
    [Benchmark]
    public void UpsampleAndRefineWide()
    {
        _upsampler.Run(_logits, _image.Width, _image.Height, _mask);
        _wide.Refine(_image, _logits, _mask);
    }
}

/// <summary>Grow/shrink and feather of a 24 MP mask: cost independent of the radius.</summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 1, iterationCount: 5)]
public class MaskEdgeBenchmarks
{
    private byte[] _source = null!;
    private byte[] _mask = null!;
    private int _width;
    private int _height;

    [Params(2, 20)]
    public int Radius { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        (_width, _height) = BenchImages.Size(24);
        _source = new byte[_width * _height];
        for (int y = 0; y < _height; y++)
        {
            for (int x = 0; x < _width; x++)
            {
                _source[(y * _width) + x] = Math.Sin(x * 0.01) * Math.Cos(y * 0.013) > 0.2 ? (byte)255 : (byte)0;
            }
        }

        _mask = new byte[_source.Length];
    }

    [Benchmark]
    public void Grow()
    {
        _source.CopyTo(_mask, 0);
        MaskMorphology.Apply(_mask, _width, _height, Radius);
    }

    [Benchmark]
    public void GrowRound()
    {
        _source.CopyTo(_mask, 0);
        MaskMorphology.Apply(_mask, _width, _height, Radius, StructuringElement.Round);
    }

    [Benchmark]
    public void Feather()
    {
        _source.CopyTo(_mask, 0);
        MaskFeather.Apply(_mask, _width, _height, Radius);
    }
}
