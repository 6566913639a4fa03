using HqSam.Core.Prompts;

namespace HqSam.Core.Editing;

/// <summary>
/// The click dialog's status-bar lines, in one place: what to do next, what is running, and what a
/// cancel left behind. Errors come from the exceptions' own one-line messages.
/// </summary>
internal static class DialogStatusText
{
    public const string NoModel = "no HQ-SAM model is loaded";

    public const string Starting = "Starting…";

    public const string Loading = "Loading HQ-SAM…";

    public const string Preparing = "Preparing this layer for HQ-SAM (once per layer)…";

    public const string EncodeCancelled = "Cancelled: the layer was not prepared. Start it again to select.";

    public const string ZoomEncoding = "Looking closer at the object (one more encode: seconds on a CPU)… Cancel keeps the mask shown.";

    public const string ZoomStopped = "Stopped looking closer: the mask shown is the whole-image one.";

    public static string HoverOff(TimeSpan took) => string.Create(
        System.Globalization.CultureInfo.InvariantCulture,
        $"Hover preview off: a preview took {took.TotalMilliseconds:0} ms here, too slow to follow the pointer. Clicks work as before.");

    public static string OutOfMemory(int width, int height) => $"not enough memory to prepare a {width}x{height} layer";

    public static string Unexpected(Exception e) => $"unexpected {e.GetType().Name}: {e.OneLineMessage()}";

    /// <summary>
    /// What to do next: before the first click how to click (and where the model runs, when that is not
    /// where a GPU was wanted, and any advice from the encode), after it what the current object's prompt
    /// holds and, with several objects, which one clicks add to.
    /// </summary>
    /// <param name="prompt">The current object's prompt (null before its first hint).</param>
    /// <param name="earlierObjects">How many objects were made before the current one.</param>
    public static string Hint(SegmentationPrompt? prompt, string? deviceNote, string? advice = null, int earlierObjects = 0)
    {
        if (prompt is null && earlierObjects == 0)
        {
            string hint = "Click the object to select it. Right-click (or Alt+click) excludes, a drag draws a box.";
            hint = deviceNote is { } note ? $"{hint} Running {note}." : hint;
            return advice is null ? hint : $"{hint} {advice}";
        }

        if (prompt is null)
        {
            return $"Object {earlierObjects + 1}: click it to add it to the selection ({earlierObjects} object{Plural(earlierObjects)} so far). Ctrl+Z undoes.";
        }

        int positives = prompt.Points.Count(p => p.Positive);
        int negatives = prompt.Points.Length - positives;
        string box = prompt.Box is null ? string.Empty : ", a box";
        string which = earlierObjects == 0 ? string.Empty : $"Object {earlierObjects + 1} of {earlierObjects + 1}: ";
        return $"{which}{positives} object point{Plural(positives)}, {negatives} excluded{box}. Shift+click starts another object; Ctrl+Z undoes, Ctrl+Y redoes.";
    }

    private static string Plural(int n) => n == 1 ? string.Empty : "s";
}
