namespace HqSam.TestModels;

/// <summary>
/// Ways to generate a pair that deliberately breaks the contract or misbehaves, for the tests of
/// errors. The default generates the exact contract.
/// </summary>
public sealed record TestModelOptions
{
    /// <summary>Contract name → name written to the file (renames an input or output).</summary>
    public IReadOnlyDictionary<string, string> Rename { get; init; } = new Dictionary<string, string>();

    /// <summary>Contract outputs to leave out of the file.</summary>
    public IReadOnlySet<string> Drop { get; init; } = new HashSet<string>();

    /// <summary>Contract outputs declared (and produced) as float64 instead of float32.</summary>
    public IReadOnlySet<string> AsDouble { get; init; } = new HashSet<string>();

    /// <summary>Contract outputs flattened to rank 1.</summary>
    public IReadOnlySet<string> Flatten { get; init; } = new HashSet<string>();

    /// <summary>The decoder's logits become NaN (a model that "works" but returns garbage).</summary>
    public bool NaNLogits { get; init; }

    /// <summary>The encoder loads but fails inside <c>Run</c> (a reshape whose size is only known at run time).</summary>
    public bool EncoderFailsAtRun { get; init; }

    /// <summary>
    /// Every output declares symbolic dimensions (as real exports do) while producing the contract's
    /// shapes: accepted at load, checked on the first run.
    /// </summary>
    public bool SymbolicOutputs { get; init; }

    /// <summary>The decoder has plain SAM 2.1's three masks (channels 0-2), no HQ mask.</summary>
    public bool PlainSam { get; init; }

    /// <summary>The decoder keeps only its first this many masks (1-4; 3 is <see cref="PlainSam"/>, others fit no family); 0 keeps them all.</summary>
    public int KeepMasks { get; init; }

    /// <summary>
    /// The encoder runs a chain of this many 1024 x 1024 matrix products before its outputs (about
    /// 20-40 ms each on two cores), so a test can cancel it while ONNX Runtime is inside <c>Run</c>.
    /// </summary>
    public int SlowEncoderSteps { get; init; }

    public static TestModelOptions Exact { get; } = new();
}
