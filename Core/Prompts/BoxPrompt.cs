namespace HqSam.Core.Prompts;

/// <summary>
/// A box in source-image pixels. Corners may be given in any order (a drag can go any way);
/// <see cref="Normalized"/> puts them top-left then bottom-right as the decoder expects.
/// </summary>
public readonly record struct BoxPrompt(float X0, float Y0, float X1, float Y1)
{
    public BoxPrompt Normalized => new(MathF.Min(X0, X1), MathF.Min(Y0, Y1), MathF.Max(X0, X1), MathF.Max(Y0, Y1));

    public float Width => MathF.Abs(X1 - X0);

    public float Height => MathF.Abs(Y1 - Y0);

    // The generated ToString would print Normalized, which is a BoxPrompt, whose ToString prints
    // Normalized, … until the stack overflows: say the corners instead.
    public override string ToString() =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"BoxPrompt {{ X0 = {X0}, Y0 = {Y0}, X1 = {X1}, Y1 = {Y1} }}");
}
