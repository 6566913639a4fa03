namespace HqSam.Core.Contract;

/// <summary>
/// The encoder's three outputs for one image, in plain arrays the encoder writes into and the
/// decoder reads from directly (Interop wraps them as tensors without copying). Read-only once
/// encoded, so any number of decodes may share one instance.
/// </summary>
public sealed class ImageEmbedding
{
    public float[] HighResFeats0 { get; } = new float[SamContract.HighResFeats0Spec.ElementCount];

    public float[] HighResFeats1 { get; } = new float[SamContract.HighResFeats1Spec.ElementCount];

    public float[] ImageEmbed { get; } = new float[SamContract.ImageEmbedSpec.ElementCount];

    /// <summary>Bytes held, for the cache's budget (16 MiB for the contract's sizes).</summary>
    public static long SizeInBytes =>
        sizeof(float) * (SamContract.HighResFeats0Spec.ElementCount + SamContract.HighResFeats1Spec.ElementCount + SamContract.ImageEmbedSpec.ElementCount);
}
