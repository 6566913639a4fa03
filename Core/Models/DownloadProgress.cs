namespace HqSam.Core.Models;

/// <summary>Where a download stands: for a progress bar with bytes, rate and time left.</summary>
public readonly record struct DownloadProgress(string File, long Done, long Total, double BytesPerSecond)
{
    /// <summary>
    /// Where an attempt stands after <paramref name="elapsed"/>: its rate counts only the bytes this
    /// attempt fetched (a resumed download started at <paramref name="startedAt"/>), and a first chunk
    /// within a millisecond counts a millisecond, so the rate is never infinite.
    /// </summary>
    public static DownloadProgress Of(string file, long done, long total, long startedAt, TimeSpan elapsed) =>
        new(file, done, total, (done - startedAt) / Math.Max(elapsed.TotalSeconds, 1e-3));

    public TimeSpan? Remaining => BytesPerSecond > 0 ? TimeSpan.FromSeconds((Total - Done) / BytesPerSecond) : null;

    public double Fraction => Total > 0 ? (double)Done / Total : 0;
}
