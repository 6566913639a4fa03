namespace HqSam.Core.Editing;

/// <summary>A whole-number option's range, default and label, as every host (both dialogs, the CLI) offers it.</summary>
/// <param name="Label">What both dialogs call it, unit included ("Feather (px)"); empty for an option no dialog shows.</param>
public readonly record struct OptionRange(int Minimum, int Maximum, int Default, string Label = "")
{
    public bool Contains(int value) => value >= Minimum && value <= Maximum;

    /// <summary>"-500 to 500": the words error messages and help use.</summary>
    public override string ToString() => $"{Minimum} to {Maximum}";
}
