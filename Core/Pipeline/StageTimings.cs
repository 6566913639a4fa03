using System.Diagnostics;
using System.Globalization;

namespace HqSam.Core.Pipeline;

/// <summary>Milliseconds spent per stage; a stage that did not run (an embedding from the cache) stays absent.</summary>
public sealed class StageTimings
{
    private readonly double?[] _ms;
    private readonly int _shift;

    public StageTimings()
        : this(new double?[Enum.GetValues<Stage>().Length], 0)
    {
    }

    private StageTimings(double?[] ms, int shift) => (_ms, _shift) = (ms, shift);

    /// <summary>
    /// The same record, seen from the closer look at a crop: its preprocess, encode, decode and
    /// postprocess land on their own lines (<c>encode-zoom</c>, …), never folded into the whole image's.
    /// </summary>
    public StageTimings Zoom => new(_ms, Stage.PreprocessZoom - Stage.Preprocess);

    public double? this[Stage stage] => _ms[(int)stage];

    public void Add(Stage stage, long startTimestamp)
    {
        double ms = Stopwatch.GetElapsedTime(startTimestamp).TotalMilliseconds;
        int slot = (int)stage + _shift;
        _ms[slot] = (_ms[slot] ?? 0) + ms;
    }

    /// <summary>One line per stage that ran, <c>&lt;stage&gt; &lt;milliseconds&gt; ms</c> (<c>encode-zoom</c> for the crop's encode).</summary>
    public IEnumerable<string> Lines()
    {
        foreach (Stage stage in Enum.GetValues<Stage>())
        {
            if (_ms[(int)stage] is double ms)
            {
                yield return string.Create(CultureInfo.InvariantCulture, $"{Name(stage)} {ms:0.###} ms");
            }
        }
    }

    public static string Name(Stage stage)
    {
        string name = stage.ToString();
        return name.EndsWith("Zoom", StringComparison.Ordinal) ? name[..^4].ToLowerInvariant() + "-zoom" : name.ToLowerInvariant();
    }
}
