using System.Globalization;
using HqSam.Core.Prompts;

namespace HqSam.Cli;

/// <summary>Parses <c>X,Y</c> and <c>X0,Y0,X1,Y1</c> in source-image pixels, invariant culture, and <c>--object</c> groups of them.</summary>
internal static class CoordinateParser
{
    /// <summary>
    /// One <c>--object</c> group: items separated by spaces (or semicolons), <c>X,Y</c> a click on the
    /// object, <c>-X,Y</c> a click on what must stay out, <c>X0,Y0,X1,Y1</c> its box (one at most).
    /// </summary>
    public static SegmentationPrompt Object(string option, string text)
    {
        var points = new List<PointPrompt>();
        BoxPrompt? box = null;
        foreach (string item in text.Split([' ', ';', '\t'], StringSplitOptions.RemoveEmptyEntries))
        {
            bool exclude = item.StartsWith('-');
            string coordinates = exclude || item.StartsWith('+') ? item[1..] : item;
            if (coordinates.Count(c => c == ',') == 3 && !exclude)
            {
                box = box is null ? Box(option, coordinates) : throw new UsageException($"{option} '{text}': one box per object");
            }
            else
            {
                points.Add(Point(option, coordinates, positive: !exclude));
            }
        }

        return points.Count == 0 && box is null
            ? throw new UsageException($"{option} '{text}': expected points (X,Y, or -X,Y to exclude) and at most one box (X0,Y0,X1,Y1), separated by spaces")
            : new SegmentationPrompt(points, box);
    }

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
