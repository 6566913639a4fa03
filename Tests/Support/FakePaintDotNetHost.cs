using System.Runtime.InteropServices;
using HqSam.Core.Imaging;
using PaintDotNet;
using PaintDotNet.Effects;
using PaintDotNet.Facade;
using PaintDotNet.Imaging;
using PaintDotNet.Rendering;

namespace HqSam.Tests.Support;

/// <summary>
/// What Paint.NET gives an effect, over pinned managed buffers: the source layer, the selection, the
/// document size, and output tiles that write into one canvas-sized buffer. Where Paint.NET's API is an
/// extension method over host internals (<c>GetSourceBitmapBgra32</c>, <c>LockBgra32</c>,
/// <c>AsRegionPtr</c>), the facade reaches this host through its internal <c>IHost*</c> interfaces.
/// </summary>
internal sealed unsafe class FakePaintDotNetHost : IHostEffectEnvironment
{
    private GCHandle _source;
    private GCHandle _output;

    public FakePaintDotNetHost(BgraImage layer, RectInt32? selection = null)
    {
        Width = layer.Width;
        Height = layer.Height;
        SourcePixels = layer.Pixels.ToArray();
        OutputPixels = new byte[SourcePixels.Length];
        Array.Fill(OutputPixels, (byte)0xCD); // anything not written shows
        _source = GCHandle.Alloc(SourcePixels, GCHandleType.Pinned);
        _output = GCHandle.Alloc(OutputPixels, GCHandleType.Pinned);
        Selection = new SelectionInfo(selection ?? new RectInt32(0, 0, Width, Height));
        Document = new DocumentInfo(new SizeInt32(Width, Height));
    }

    public int Width { get; }

    public int Height { get; }

    public byte[] SourcePixels { get; }

    public byte[] OutputPixels { get; }

    public IEffectSelectionInfo Selection { get; }

    public IEffectDocumentInfo Document { get; }

    public IEffectInputBitmap<ColorBgra32> HostGetSourceBitmapBgra32() => new InputBitmap(this);

    /// <summary>Tiles covering the canvas, in the order a host might hand them out.</summary>
    public IEnumerable<IBitmapEffectOutput> Tiles(int size)
    {
        for (int y = 0; y < Height; y += size)
        {
            for (int x = 0; x < Width; x += size)
            {
                yield return new Output(this, new RectInt32(x, y, Math.Min(size, Width - x), Math.Min(size, Height - y)));
            }
        }
    }

    public byte[] OutputAlpha() => [.. Enumerable.Range(0, Width * Height).Select(i => OutputPixels[(i * 4) + 3])];

    public void Dispose()
    {
        _source.Free();
        _output.Free();
    }

    private RegionPtr<ColorBgra32> Region(GCHandle buffer, RectInt32 rect)
    {
        byte* origin = (byte*)buffer.AddrOfPinnedObject() + (((long)rect.Y * Width) + rect.X) * 4;
        return new RegionPtr<ColorBgra32>((ColorBgra32*)origin, rect.Width, rect.Height, Width * 4);
    }

    private sealed record SelectionInfo(RectInt32 RenderBounds) : IEffectSelectionInfo
    {
        public void Dispose()
        {
        }
    }

    private sealed record DocumentInfo(SizeInt32 Size) : IEffectDocumentInfo
    {
        public void Dispose()
        {
        }
    }

    private sealed class Lock(RegionPtr<ColorBgra32> region) : IHostBitmapLock<ColorBgra32>
    {
        public RegionPtr<ColorBgra32> HostRegion => region;

        public void Dispose()
        {
        }
    }

    private sealed class InputBitmap(FakePaintDotNetHost host) : IEffectInputBitmap<ColorBgra32>
    {
        public SizeInt32 Size => new(host.Width, host.Height);

        public IBitmapLock<ColorBgra32> Lock(RectInt32 rect) => new Lock(host.Region(host._source, rect));

        public void Dispose()
        {
        }
    }

    private sealed class Output(FakePaintDotNetHost host, RectInt32 bounds) : IHostEffectOutput
    {
        public RectInt32 Bounds => bounds;

        public IBitmapLock<ColorBgra32> HostLockBgra32() => new Lock(host.Region(host._output, bounds));
    }

    internal sealed class RenderInfo : IBitmapEffectRenderInfo
    {
        public BitmapEffectRenderingFlags Flags { get; set; }
    }
}
