using System.Collections.Concurrent;

namespace HqSam.Core.Pipeline;

/// <summary>
/// What an encode costs on this machine, per model, as last measured: <see cref="ZoomMode.Auto"/>
/// decides by it. The predictors of a process share <see cref="Shared"/>, so a dialog opened after
/// another knows what the first one measured; a caller that wants its own record passes one.
/// </summary>
internal sealed class EncodeTimes
{
    private readonly ConcurrentDictionary<string, TimeSpan> _last = new(StringComparer.Ordinal);

    /// <summary>This process's record.</summary>
    public static EncodeTimes Shared { get; } = new();

    /// <param name="modelIdentity">The model's <see cref="Contract.ISamModel.Identity"/>.</param>
    public void Record(string modelIdentity, TimeSpan elapsed) => _last[modelIdentity] = elapsed;

    /// <summary>The last measured encode of the model, or null before one.</summary>
    public TimeSpan? Last(string modelIdentity) => _last.TryGetValue(modelIdentity, out TimeSpan t) ? t : null;
}
