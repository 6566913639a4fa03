namespace HqSam.Core.Models;

/// <summary>Where a download stands: for a progress bar with bytes, rate and time left.</summary>
public readonly record struct DownloadProgress(string File, long Done, long Total, double BytesPerSecond)
{
    public TimeSpan? Remaining => BytesPerSecond > 0 ? TimeSpan.FromSeconds((Total - Done) / BytesPerSecond) : null;

    public double Fraction => Total > 0 ? (double)Done / Total : 0;
}
