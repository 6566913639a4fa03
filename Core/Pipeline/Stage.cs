namespace HqSam.Core.Pipeline;

/// <summary>The timed stages of one segmentation, in order.</summary>
public enum Stage
{
    Preprocess,
    Encode,
    Decode,
    Postprocess,
}
