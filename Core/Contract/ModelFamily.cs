namespace HqSam.Core.Contract;

/// <summary>
/// Which network a pair is, told by its decoder's outputs (docs/model-contract.md): HQ-SAM 2.1 has
/// four masks (three SAM masks and the HQ mask), plain SAM 2.1 (Tiny to Large, darktable's packages
/// among them) three. Everything else in the contract is the same.
/// </summary>
public enum ModelFamily
{
    /// <summary>HQ-SAM 2.1: masks 0-2 from SAM's tokens, mask 3 from the HQ token.</summary>
    HqSam21,

    /// <summary>Plain SAM 2.1: masks 0-2 only; the selection is the best-scoring one.</summary>
    Sam21,
}
