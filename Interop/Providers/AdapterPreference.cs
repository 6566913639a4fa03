namespace HqSam.Interop.Providers;

/// <summary>
/// Which adapter the user wants: automatic, an enumeration index, or a name fragment
/// (case-insensitive, e.g. "RTX"). Parsed from one string so that a setting or a flag can carry it.
/// </summary>
public sealed record AdapterPreference(int? Index = null, string? NameContains = null)
{
    public static AdapterPreference Auto { get; } = new();

    public bool IsAuto => Index is null && string.IsNullOrWhiteSpace(NameContains);

    /// <summary>"auto" or empty, a number (an index), or anything else (a name fragment).</summary>
    public static AdapterPreference Parse(string? text)
    {
        text = text?.Trim();
        if (string.IsNullOrEmpty(text) || text.Equals("auto", StringComparison.OrdinalIgnoreCase))
        {
            return Auto;
        }

        return int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int index)
            ? new AdapterPreference(Index: index)
            : new AdapterPreference(NameContains: text);
    }

    public override string ToString() => Index is { } i ? $"adapter #{i}" : NameContains is { } n ? $"adapter '{n}'" : "auto";
}
