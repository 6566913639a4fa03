namespace HqSam.Core.Prompts;

/// <summary>A click in source-image pixels (origin top-left); positive selects, negative excludes.</summary>
public readonly record struct PointPrompt(float X, float Y, bool Positive = true);
