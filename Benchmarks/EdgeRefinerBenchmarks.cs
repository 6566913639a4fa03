using BenchmarkDotNet.Attributes;
using HqSam.Core.Imaging;
using HqSam.Core.Masks;

namespace HqSam.Benchmarks;

/// <summary>Edge refinement after upsampling, on a photo-sized disc whose edge crosses hundreds of tiles.</summary>
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

    [GlobalSetup]
    public void Setup()
    {
        (int w, int h) = BenchImages.Size(MegaPixels);
        var pixels = new byte[w * h * 4];
        for (int y = 0; y < h; y++)
        {
            for (int x = 0; x < w; x++)
            {
                double dx = (x - (w / 2.0)) / (w * 0.3), dy = (y - (h / 2.0)) / (h * 0.3);
                bool inside = (dx * dx) + (dy * dy) <= 1;
                int i = ((y * w) + x) * 4;
                (pixels[i], pixels[i + 1], pixels[i + 2], pixels[i + 3]) = inside ? ((byte)40, (byte)60, (byte)200, (byte)255) : ((byte)220, (byte)210, (byte)200, (byte)255);
            }
        }

        _image = new BgraImage(w, h, pixels);

        // Logits of the same disc at 256², slightly off, as a coarse model would give.
        _logits = new float[256 * 256];
        for (int y = 0; y < 256; y++)
        {
            for (int x = 0; x < 256; x++)
            {
                double dx = (x + 0.5 - 128) / (256 * 0.29), dy = (y + 0.5 - 128) / (256 * 0.29);
                _logits[(y * 256) + x] = (float)(4 * (1 - Math.Sqrt((dx * dx) + (dy * dy))));
            }
        }

        _mask = new byte[w * h];
    }

    [Benchmark(Baseline = true)]
    public void PlainUpsample() => _upsampler.Run(_logits, _image.Width, _image.Height, _mask);

    [Benchmark]
    public void UpsampleAndRefine()
    {
        _upsampler.Run(_logits, _image.Width, _image.Height, _mask);
        _refiner.Refine(_image, _mask);
    }

    /// <summary>Strength 2 (the dialog's 200%): a band of a whole logit cell.</summary>
    [Benchmark]
    public void UpsampleAndRefineWide()
    {
        _upsampler.Run(_logits, _image.Width, _image.Height, _mask);
        _wide.Refine(_image, _mask);
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
