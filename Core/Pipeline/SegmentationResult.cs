namespace HqSam.Core.Pipeline;

/// <summary>A source-size mask (one byte per pixel, 255 selected, 0 not) and what produced it.</summary>
public sealed class SegmentationResult
{
    internal SegmentationResult(int width, int height, byte[] mask, float[] lowResLogits, float[] iou, int channel, ZoomRegion? cropToEncode = null)
    {
        CropToEncode = cropToEncode;
        Width = width;
        Height = height;
        Mask = mask;
        LowResLogits = lowResLogits;
        Iou = iou;
        Channel = channel;
    }

    public int Width { get; }

    public int Height { get; }

    /// <summary>Row-major, <see cref="Width"/> bytes a row.</summary>
    public byte[] Mask { get; }

    /// <summary>The chosen mask's 256 x 256 logits: pass to <see cref="SegmentationOptions.PreviousLowResLogits"/> to refine.</summary>
    public float[] LowResLogits { get; }

    /// <summary>Predicted IoU of the three SAM masks.</summary>
    public float[] Iou { get; }

    /// <summary>
    /// With <see cref="SegmentationOptions.EncodeCrops"/> off: the crop a closer look needs and that is
    /// not encoded yet (the mask is then the whole-image one); null otherwise.
    /// </summary>
    internal ZoomRegion? CropToEncode { get; }

    /// <summary>The decoder channel the mask came from (3 = HQ).</summary>
    public int Channel { get; }

    public long SelectedPixelCount
    {
        get
        {
            long n = 0;
            foreach (byte b in Mask)
            {
                n += b >> 7;
            }

            return n;
        }
    }
}
