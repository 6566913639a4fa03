using HqSam.Core.Contract;

namespace HqSam.Core.Editing;

/// <summary>
/// Tells a user whose machine takes long to prepare a layer with HQ-SAM that a plain SAM 2.1 model
/// does it several times faster, once: a marker file in the user's cache folder remembers that the
/// line was shown, so it is not repeated on every layer or after a restart. Plain SAM 2.1 models are
/// the fast ones, so their users are never told.
/// </summary>
public sealed class FasterModelHint
{
    /// <summary>Preparing a layer longer than this is worth a word (a GPU takes well under a second).</summary>
    public static readonly TimeSpan SlowEncode = TimeSpan.FromSeconds(3);

    public const string MarkerName = "faster-model-hint-shown";

    private readonly string? _marker;
    private readonly TimeSpan _slow;
    private bool _shown;

    /// <param name="folder">Where the marker lives (the user's cache folder); null: once per instance only.</param>
    /// <param name="slow">An encode longer than this is slow; <see cref="SlowEncode"/> when not given.</param>
    public FasterModelHint(string? folder, TimeSpan? slow = null)
    {
        _marker = folder is null ? null : Path.Combine(folder, MarkerName);
        _slow = slow ?? SlowEncode;
    }

    /// <summary>The line to add to the status after an encode, or null (fast enough, a plain model, or told before).</summary>
    /// <param name="encode">What this encode took; null when the embedding came from a cache.</param>
    public string? After(TimeSpan? encode, ModelFamily family)
    {
        if (encode is not { } took || took <= _slow || family != ModelFamily.HqSam21 || _shown || (_marker is not null && File.Exists(_marker)))
        {
            return null;
        }

        _shown = true;
        if (_marker is not null)
        {
            try
            {
                Directory.CreateDirectory(Path.GetDirectoryName(_marker)!);
                File.WriteAllText(_marker, "The click dialog told the user once that a faster model exists.\n");
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Not remembered across restarts: told again next time, which is all it costs.
            }
        }

        return string.Create(System.Globalization.CultureInfo.InvariantCulture, $"Preparing took {took.TotalSeconds:0} s here: a plain SAM 2.1 model (Small or Tiny) prepares a layer several times faster, with somewhat rougher edges: import one and choose it under Model (README, 'A faster model for CPUs').");
    }
}
