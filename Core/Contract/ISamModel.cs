namespace HqSam.Core.Contract;

/// <summary>
/// An encoder/decoder pair that honours the model contract (docs/model-contract.md). Interop implements it over ONNX Runtime;
/// the pipeline sees only arrays, so buffers are written in place and never copied between stages.
/// </summary>
public interface ISamModel : IDisposable
{
    /// <summary>Identity of the model files (for the embedding cache): two loads of the same files agree.</summary>
    string Identity { get; }

    /// <summary>Runs the encoder on a preprocessed 3 x 1024 x 1024 tensor and writes its three outputs.</summary>
    void Encode(float[] image, ImageEmbedding output, CancellationToken cancellationToken = default);

    /// <summary>
    /// Runs the decoder. <paramref name="maskInput"/> (256 x 256 logits) is fed as <c>mask_input</c>
    /// with <c>has_mask_input = 1</c> when given, zeros and 0 otherwise.
    /// </summary>
    void Decode(ImageEmbedding embedding, DecoderPrompt prompt, float[]? maskInput, LowResMasks output, CancellationToken cancellationToken = default);

    /// <summary>
    /// Where the model runs when that is not where it was meant to (a GPU was wanted and the CPU runs it),
    /// with why, in a few words a status line can show ("on the CPU: ..."); null when it runs as asked.
    /// </summary>
    string? DeviceNote => null;

    /// <summary>
    /// HQ-SAM 2.1 (four masks) or plain SAM 2.1 (three), as its decoder's outputs say. No default: a
    /// wrapper that forgot to pass it on would decode a plain model into HQ-SAM's buffers.
    /// </summary>
    ModelFamily Family { get; }
}
