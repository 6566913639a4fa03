// Not Paint.NET's API: what Paint.NET gives an effect, for the hosts that stand in for it (the tests'
// FakePaintDotNetHost and tools/PdnHost, the stand-in Paint.NET process). Internal, like Host.cs.
using System.Runtime.InteropServices;
using PaintDotNet.Effects;
using PaintDotNet.Imaging;
using PaintDotNet.Rendering;

namespace PaintDotNet.Facade
{
    /// <summary>
    /// The source layer, the selection, the document size, and output tiles that write into one
    /// canvas-sized buffer, over pinned BGRA arrays. Where Paint.NET's API is an extension method over
    /// host internals (<c>GetSourceBitmapBgra32</c>, <c>LockBgra32</c>, <c>AsRegionPtr</c>), the facade
    /// reaches this host through its internal <c>IHost*</c> interfaces.
    /// </summary>
    internal unsafe class HostEnvironment : IHostEffectEnvironment
    {
        private GCHandle _source;
        private GCHandle _output;

        /// <param name="bgra">The layer, straight (not premultiplied) BGRA, rows without padding; kept, not copied.</param>
        public HostEnvironment(int width, int height, byte[] bgra, RectInt32? selection = null)
        {
            ArgumentNullException.ThrowIfNull(bgra);
            ArgumentOutOfRangeException.ThrowIfNotEqual(bgra.Length, checked(width * height * 4));
            Width = width;
            Height = height;
            SourcePixels = bgra;
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

        /// <summary>Tiles covering the canvas, row by row, as Paint.NET's square-tile schedule hands them out.</summary>
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

        public byte[] OutputAlpha()
        {
            var alpha = new byte[Width * Height];
            for (int i = 0; i < alpha.Length; i++)
            {
                alpha[i] = OutputPixels[(i * 4) + 3];
            }

            return alpha;
        }

        public void Dispose()
        {
            Dispose(true);
            GC.SuppressFinalize(this);
        }

        protected virtual void Dispose(bool disposing)
        {
            if (_source.IsAllocated)
            {
                _source.Free();
                _output.Free();
            }
        }

        private RegionPtr<ColorBgra32> Region(GCHandle buffer, RectInt32 rect)
        {
            byte* origin = (byte*)buffer.AddrOfPinnedObject() + (((long)rect.Y * Width) + rect.X) * 4;
            return new RegionPtr<ColorBgra32>((ColorBgra32*)origin, rect.Width, rect.Height, Width * 4);
        }

        internal sealed class RenderInfo : IBitmapEffectRenderInfo
        {
            public BitmapEffectRenderingFlags Flags { get; set; }
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

        private sealed class InputBitmap(HostEnvironment host) : IEffectInputBitmap<ColorBgra32>
        {
            public SizeInt32 Size => new(host.Width, host.Height);

            public IBitmapLock<ColorBgra32> Lock(RectInt32 rect) => new Lock(host.Region(host._source, rect));

            public void Dispose()
            {
            }
        }

        private sealed class Output(HostEnvironment host, RectInt32 bounds) : IHostEffectOutput
        {
            public RectInt32 Bounds => bounds;

            public IBitmapLock<ColorBgra32> HostLockBgra32() => new Lock(host.Region(host._output, bounds));
        }
    }
}
