using System.Globalization;
using HqSam.Core.Prompts;

namespace HqSam.Cli;

/// <summary>Parses <c>X,Y</c> and <c>X0,Y0,X1,Y1</c> in source-image pixels, invariant culture.</summary>
internal static class CoordinateParser
{
    public static PointPrompt Point(string option, string text, bool positive)
    {
        float[] v = Numbers(option, text, 2, "X,Y");
        return new PointPrompt(v[0], v[1], positive);
    }

    public static BoxPrompt Box(string option, string text)
    {
        float[] v = Numbers(option, text, 4, "X0,Y0,X1,Y1");
        return new BoxPrompt(v[0], v[1], v[2], v[3]);
    }

    private static float[] Numbers(string option, string text, int count, string form)
    {
        string[] parts = text.Split(',', StringSplitOptions.TrimEntries);
        var values = new float[count];
        if (parts.Length != count)
        {
            throw new UsageException($"{option} '{text}': expected {form}");
        }

        for (int i = 0; i < count; i++)
        {
            if (!float.TryParse(parts[i], NumberStyles.Float, CultureInfo.InvariantCulture, out values[i]))
            {
                throw new UsageException($"{option} '{text}': '{parts[i]}' is not a number (expected {form})");
            }
        }

        return values;
    }
}
