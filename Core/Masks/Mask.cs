using System.Buffers;

namespace HqSam.Core.Masks;

/// <summary>
/// A selection over an image: one byte of coverage per pixel, row-major, 255 selected and 0 not (values
/// between only along a feathered or soft edge), with its size, so a mask never travels as an array
/// beside a width and a height that could disagree with it.
/// </summary>
/// <remarks>
/// A mask has one owner, who disposes it. <see cref="Rent"/>ed masks come from the shared array pool
/// and go back to it on <see cref="Dispose"/>: they serve work whose owner is plain (the union of several
/// objects an editor session keeps for itself). A mask handed to something that outlives the call
/// that made it (a result, a render state read by render threads, a token, the hover outline) is
/// allocated and never disposed by the one who handed it over: the collector frees it once nothing
/// reads it, unless its holder hands its result back to the predictor that made it
/// (<see cref="Pipeline.SamPredictor.Recycle"/>), which writes the next mask of that size into its pixels.
/// A disposed or recycled mask's pixels cannot be reached, so a use after either fails at once instead
/// of reading an array someone else now writes.
/// </remarks>
public sealed class Mask : IDisposable
{
    private byte[]? _pixels;
    private readonly bool _rented;

    /// <summary>A new mask with nothing selected.</summary>
    public Mask(int width, int height)
        : this(new byte[Length(width, height)], width, height, rented: false)
    {
    }

    private Mask(byte[] pixels, int width, int height, bool rented)
    {
        _pixels = pixels;
        _rented = rented;
        Width = width;
        Height = height;
    }

    public int Width { get; }

    public int Height { get; }

    public int PixelCount => Width * Height;

    /// <summary>The coverage, <see cref="Width"/> bytes a row.</summary>
    public Span<byte> Pixels => (_pixels ?? throw new ObjectDisposedException(nameof(Mask))).AsSpan(0, PixelCount);

    /// <summary>How many pixels are selected (coverage of 128 or more).</summary>
    public long SelectedPixelCount
    {
        get
        {
            ReadOnlySpan<byte> pixels = Pixels;
            long n = 0;
            foreach (byte b in pixels)
            {
                n += b >> 7;
            }

            return n;
        }
    }

    /// <summary>A mask from the shared pool, its pixels undefined: the caller writes every one, and disposes it.</summary>
    public static Mask Rent(int width, int height) => new(ArrayPool<byte>.Shared.Rent(Length(width, height)), width, height, rented: true);

    /// <summary>The mask whose pixels are <paramref name="pixels"/> (taken over, not copied).</summary>
    public static Mask Wrap(byte[] pixels, int width, int height)
    {
        ArgumentNullException.ThrowIfNull(pixels);
        return pixels.Length == Length(width, height)
            ? new Mask(pixels, width, height, rented: false)
            : throw new ArgumentException($"a {width} x {height} mask has {(long)width * height} pixels, not {pixels.Length}", nameof(pixels));
    }

    /// <summary>An allocated copy, for a holder of its own.</summary>
    public Mask Clone()
    {
        var copy = new Mask(Width, Height);
        Pixels.CopyTo(copy.Pixels);
        return copy;
    }

    /// <summary>Whether the mask covers an image of <paramref name="width"/> x <paramref name="height"/>.</summary>
    public bool Fits(int width, int height) => Width == width && Height == height;

    /// <summary>The pixels as a new array.</summary>
    public byte[] ToArray() => Pixels.ToArray();

    /// <summary>
    /// Ends this mask and hands its pixels to a new owner (<see cref="Pipeline.SamPredictor.Recycle"/>):
    /// the array of an allocated mask, or null for a rented one (that goes back to the pool) or one
    /// already disposed. Like <see cref="Dispose"/>, this mask's pixels cannot be reached afterwards.
    /// </summary>
    internal byte[]? TakePixels()
    {
        if (_rented)
        {
            Dispose();
            return null;
        }

        return Interlocked.Exchange(ref _pixels, null);
    }

    public void Dispose()
    {
        byte[]? pixels = Interlocked.Exchange(ref _pixels, null);
        if (_rented && pixels is not null)
        {
            ArrayPool<byte>.Shared.Return(pixels);
        }
    }

    private static int Length(int width, int height)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        return checked(width * height);
    }
}
