using System.Diagnostics;
using System.Globalization;

namespace HqSam.Core.Pipeline;

/// <summary>Milliseconds spent per stage; a stage that did not run (an embedding from the cache) stays absent.</summary>
public sealed class StageTimings
{
    private readonly double?[] _ms = new double?[Enum.GetValues<Stage>().Length];

    public double? this[Stage stage] => _ms[(int)stage];

    public void Add(Stage stage, long startTimestamp)
    {
        double ms = Stopwatch.GetElapsedTime(startTimestamp).TotalMilliseconds;
        _ms[(int)stage] = (_ms[(int)stage] ?? 0) + ms;
    }

    /// <summary>One line per stage that ran, <c>&lt;stage&gt; &lt;milliseconds&gt; ms</c>.</summary>
    public IEnumerable<string> Lines()
    {
        foreach (Stage stage in Enum.GetValues<Stage>())
        {
            if (_ms[(int)stage] is double ms)
            {
                yield return string.Create(CultureInfo.InvariantCulture, $"{stage.ToString().ToLowerInvariant()} {ms:0.###} ms");
            }
        }
    }
}
