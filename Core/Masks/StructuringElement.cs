namespace HqSam.Core.Masks;

/// <summary>The shape that grows or shrinks a mask.</summary>
internal enum StructuringElement
{
    /// <summary>Every pixel within N in both x and y (corners grow square). Cheapest; used inside the pipeline.</summary>
    Square,

    /// <summary>A regular octagon within 8% of a disc of radius N: what users expect of Grow / Shrink.</summary>
    Round,
}
