namespace HqSam.Core.Editing;

/// <summary>
/// One finished picture of the click dialog's view: opaque BGRA (so premultiplied and straight read
/// the same), <see cref="Width"/> x <see cref="Height"/>, rows of <c>Width * 4</c> bytes. Never changed
/// after it is published, so the UI thread can copy it while the next one is being made.
/// </summary>
public sealed record PreviewFrame(int Width, int Height, byte[] Pixels);
