using HqSam.Core.Contract;

namespace HqSam.Tests.Support;

/// <summary>Counts calls through to a real model, and can hold an encode until it is cancelled.</summary>
internal sealed class CountingModel(ISamModel inner) : ISamModel
{
    private int _encodes;
    private int _decodes;

    public int Encodes => Volatile.Read(ref _encodes);

    public int Decodes => Volatile.Read(ref _decodes);

    /// <summary>When set, <see cref="Encode"/> signals <see cref="EncodeStarted"/> and waits for cancellation.</summary>
    public bool BlockEncodeUntilCancelled { get; set; }

    public ManualResetEventSlim EncodeStarted { get; } = new();

    public string Identity => inner.Identity;

    public ModelFamily Family => inner.Family;

    public void Encode(float[] image, ImageEmbedding output, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _encodes);
        if (BlockEncodeUntilCancelled)
        {
            EncodeStarted.Set();
            cancellationToken.WaitHandle.WaitOne(TimeSpan.FromSeconds(30));
            cancellationToken.ThrowIfCancellationRequested();
        }

        inner.Encode(image, output, cancellationToken);
    }

    public void Decode(ImageEmbedding embedding, DecoderPrompt prompt, float[]? maskInput, LowResMasks output, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _decodes);
        inner.Decode(embedding, prompt, maskInput, output, cancellationToken);
    }

    public void Dispose() => EncodeStarted.Dispose();
}
