namespace HqSam.Core.Imaging;

/// <summary>An image that cannot be used: empty, unreadable, or inconsistent with its buffer.</summary>
public sealed class ImageException : HqSamException
{
    public ImageException(string message, Exception? inner = null) : base(message, inner) { }
}
