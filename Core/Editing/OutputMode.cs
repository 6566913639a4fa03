namespace HqSam.Core.Editing;

/// <summary>What the effect writes to the layer.</summary>
public enum OutputMode
{
    /// <summary>The selected pixels kept, the rest transparent (soft edge with feathering).</summary>
    Cutout,

    /// <summary>White on black, opaque: for layer masks and compositing.</summary>
    Mask,

    /// <summary>The layer with the selection tinted and outlined, to judge before committing.</summary>
    Tint,
}
