namespace HqSam.Core.Editing;

/// <summary>A whole-number option's range and default, as every host (both dialogs, the CLI) offers it.</summary>
public readonly record struct OptionRange(int Minimum, int Maximum, int Default)
{
    public bool Contains(int value) => value >= Minimum && value <= Maximum;

    /// <summary>"-500 to 500": the words error messages and help use.</summary>
    public override string ToString() => $"{Minimum} to {Maximum}";
}
