using HqSam.Core.Models;

namespace HqSam.Tests.Models;

/// <summary>Progress reported on the reporting thread (<see cref="Progress{T}"/> posts to the thread pool, after the download may have returned).</summary>
internal sealed class SyncProgress(Action<DownloadProgress> report) : IProgress<DownloadProgress>
{
    public void Report(DownloadProgress value) => report(value);
}
