using System.Globalization;
using System.Text;
using HqSam.Core;
using HqSam.Core.Caching;

namespace HqSam.Cli;

/// <summary>
/// How long the slow stages (loading a model, encoding an image) took on this machine, per model
/// folder and device, so the progress line can say what to expect. Kept in the user's cache folder
/// (<c>stage-times.tsv</c>: stage, device, model folder, the last few times in ms). It is only a
/// hint: a file that cannot be read or written is passed over without a word.
/// </summary>
internal sealed class StageHistory
{
    public const string FileName = "stage-times.tsv";

    /// <summary>Loading a model pair (both sessions).</summary>
    public const string Load = "load";

    /// <summary>One encode of a whole image, the preprocess not included.</summary>
    public const string Encode = "encode";

    /// <summary>Times kept per stage, model and device; the expectation is their median.</summary>
    public const int Kept = 5;

    private const int MaxLines = 200; // a user with many model folders: the file stays small

    public StageHistory(string path) => Path = path;

    /// <summary>The user's: in their cache folder.</summary>
    public static StageHistory InUserCache() => new(System.IO.Path.Combine(EmbeddingDiskCache.UserDirectory(), FileName));

    public string Path { get; }

    /// <summary>The median of the times recorded for this stage, model and device; null when none are.</summary>
    public TimeSpan? Usual(string stage, string modelDirectory, string device)
    {
        string prefix = Prefix(stage, modelDirectory, device);
        foreach (string line in ReadLines())
        {
            if (line.StartsWith(prefix, StringComparison.Ordinal) && Times(line[prefix.Length..]) is { Count: > 0 } times)
            {
                times.Sort();
                return TimeSpan.FromMilliseconds(times[times.Count / 2]);
            }
        }

        return null;
    }

    /// <summary>Adds a time (the oldest of more than <see cref="Kept"/> goes); written to a temporary file and renamed.</summary>
    public void Record(string stage, string modelDirectory, string device, TimeSpan took)
    {
        string prefix = Prefix(stage, modelDirectory, device);
        List<string> lines = [.. ReadLines()];
        int index = lines.FindIndex(l => l.StartsWith(prefix, StringComparison.Ordinal));
        List<double> times = index >= 0 ? Times(lines[index][prefix.Length..]) ?? [] : [];
        times.Add(Math.Round(took.TotalMilliseconds));
        if (times.Count > Kept)
        {
            times.RemoveRange(0, times.Count - Kept);
        }

        if (index >= 0)
        {
            lines.RemoveAt(index);
        }

        // Most recent first: the file keeps what is in use when it is cut to size.
        lines.Insert(0, prefix + string.Join(',', times.Select(t => t.ToString(CultureInfo.InvariantCulture))));
        if (lines.Count > MaxLines)
        {
            lines.RemoveRange(MaxLines, lines.Count - MaxLines);
        }

        string temporary = $"{Path}.{Environment.ProcessId}.tmp";
        try
        {
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
            File.WriteAllLines(temporary, lines, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
            File.Move(temporary, Path, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            QuietDelete.TryDelete(temporary);
        }
    }

    // The file is tab-separated, one line per entry: a tab or line break in a folder's name becomes a space.
    private static string Prefix(string stage, string modelDirectory, string device) =>
        $"{stage}\t{device}\t{System.IO.Path.GetFullPath(modelDirectory).Replace('\t', ' ').ReplaceLineEndings(" ")}\t";

    private static List<double>? Times(string text)
    {
        var times = new List<double>();
        foreach (string part in text.Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            if (!double.TryParse(part, NumberStyles.Float, CultureInfo.InvariantCulture, out double ms) || !double.IsFinite(ms) || ms < 0)
            {
                return null; // a damaged line is not an expectation
            }

            times.Add(ms);
        }

        return times;
    }

    private IEnumerable<string> ReadLines()
    {
        try
        {
            return File.Exists(Path) ? File.ReadAllLines(Path, Encoding.UTF8) : [];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }
}
