namespace HqSam.Core.Pipeline;

/// <summary>The timed stages of one segmentation, in order; the <c>Zoom</c> ones are the closer look at a crop.</summary>
public enum Stage
{
    Preprocess,
    Encode,
    Decode,
    Postprocess,
    PreprocessZoom,
    EncodeZoom,
    DecodeZoom,
    PostprocessZoom,
}
