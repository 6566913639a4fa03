namespace HqSam.Core.Contract;

/// <summary>A model that loaded fails while running, or returns values the pipeline cannot use (NaN or infinite logits).</summary>
public sealed class ModelRuntimeException : HqSamException
{
    public ModelRuntimeException(string message, Exception? inner = null) : base(message, inner) { }
}
