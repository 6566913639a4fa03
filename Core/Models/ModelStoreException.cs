namespace HqSam.Core.Models;

/// <summary>A model store problem: unknown id, bad manifest, failed or corrupt download.</summary>
public sealed class ModelStoreException : HqSamException
{
    public ModelStoreException(string message, Exception? inner = null) : base(message, inner) { }
}
