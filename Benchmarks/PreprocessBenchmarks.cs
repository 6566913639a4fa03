using BenchmarkDotNet.Attributes;
using HqSam.Core.Imaging;

namespace HqSam.Benchmarks;

/// <summary>
/// BGRA → normalised 1024² NCHW tensor. <c>PlainLoop</c> is the straightforward per-pixel
/// version (each output pixel sums its whole filter footprint); <c>CopyReference</c> copies the
/// source bytes once: the memory-bandwidth floor for anything that must read them.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 2, iterationCount: 8)]
public class PreprocessBenchmarks
{
    private readonly ImagePreprocessor _preprocessor = new();
    private readonly float[] _tensor = new float[ImagePreprocessor.TensorLength];
    private BgraImage _image = null!;
    private byte[] _copy = null!;

    [Params(1, 12, 24)]
    public int MegaPixels { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _image = BenchImages.Create(MegaPixels);
        _copy = new byte[_image.Pixels.Length];
    }

    [Benchmark]
    public void Fast() => _preprocessor.Run(_image, _tensor);

    [Benchmark(Baseline = true)]
    public void PlainLoop() => PlainPreprocess.Run(_image, _tensor);

    [Benchmark]
    public void CopyReference() => _image.Pixels.Span.CopyTo(_copy);
}

/// <summary>The per-pixel way: for every output pixel and channel, a weighted sum over the source footprint.</summary>
internal static class PlainPreprocess
{
    private static readonly float[] Mean = [0.485f, 0.456f, 0.406f];
    private static readonly float[] Std = [0.229f, 0.224f, 0.225f];

    public static void Run(BgraImage image, float[] tensor)
    {
        const int side = 1024;
        float sx = (float)image.Width / side, sy = (float)image.Height / side;
        float supportX = Math.Max(1, sx), supportY = Math.Max(1, sy);
        ReadOnlySpan<byte> px = image.Pixels.Span;
        for (int oy = 0; oy < side; oy++)
        {
            float cy = (oy + 0.5f) * sy;
            int y0 = Math.Max(0, (int)(cy - supportY)), y1 = Math.Min(image.Height - 1, (int)(cy + supportY));
            for (int ox = 0; ox < side; ox++)
            {
                float cx = (ox + 0.5f) * sx;
                int x0 = Math.Max(0, (int)(cx - supportX)), x1 = Math.Min(image.Width - 1, (int)(cx + supportX));
                float r = 0, g = 0, b = 0, total = 0;
                for (int y = y0; y <= y1; y++)
                {
                    float wy = Math.Max(0, 1 - Math.Abs((y + 0.5f - cy) / supportY));
                    for (int x = x0; x <= x1; x++)
                    {
                        float w = wy * Math.Max(0, 1 - Math.Abs((x + 0.5f - cx) / supportX));
                        int i = (y * image.Stride) + (x * 4);
                        b += w * px[i];
                        g += w * px[i + 1];
                        r += w * px[i + 2];
                        total += w;
                    }
                }

                int o = (oy * side) + ox;
                tensor[o] = ((r / total / 255f) - Mean[0]) / Std[0];
                tensor[(side * side) + o] = ((g / total / 255f) - Mean[1]) / Std[1];
                tensor[(2 * side * side) + o] = ((b / total / 255f) - Mean[2]) / Std[2];
            }
        }
    }
}
