namespace HqSam.Core.Prompts;

/// <summary>A prompt that cannot be decoded: none at all, a point outside the image, a degenerate box.</summary>
public sealed class PromptException : HqSamException
{
    public PromptException(string message) : base(message) { }
}
