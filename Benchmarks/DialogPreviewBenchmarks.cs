using BenchmarkDotNet.Attributes;
using HqSam.Core.Editing;
using HqSam.Core.Imaging;
using HqSam.Core.Masks;

namespace HqSam.Benchmarks;

/// <summary>
/// The click dialog's picture of a 24 MP layer in a 1000x700 view: fitting the layer (once per window
/// size) and composing a new mask over it (once per click).
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 1, iterationCount: 5)]
public class DialogPreviewBenchmarks
{
    private const int ViewWidth = 1000, ViewHeight = 700;

    private DialogPreview _preview = null!;
    private ClickDialogModel _view = null!;
    private Mask _coverage = null!;
    private byte[]? _spare;

    [GlobalSetup]
    public void Setup()
    {
        BgraImage layer = BenchImages.Create(24);
        _view = new ClickDialogModel(layer.Width, layer.Height);
        _view.SetViewport(ViewWidth, ViewHeight);
        _preview = new DialogPreview(layer);
        _preview.Fit(ViewWidth, ViewHeight, _view.Scale, _view.OffsetX, _view.OffsetY);
        _coverage = new Mask(layer.Width, layer.Height);
        for (int y = 0; y < layer.Height; y++)
        {
            _coverage.Pixels.Slice((y * layer.Width) + (layer.Width / 4), layer.Width / 2).Fill(255);
        }
    }

    [Benchmark]
    public int Fit24MP()
    {
        _preview.Fit(ViewWidth, ViewHeight, _view.Scale, _view.OffsetX, _view.OffsetY);
        return _preview.ImageRect.Width;
    }

    [Benchmark]
    public int ComposeAfterAClick()
    {
        // As the dialog does: the view hands back the frame it no longer reads, and the next picture
        // is composed into it (no view-sized allocation per click).
        PreviewFrame frame = _preview.Compose(_coverage, _spare);
        _spare = frame.Pixels;
        return frame.Pixels.Length;
    }
}
