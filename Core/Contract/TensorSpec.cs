using System.Collections.Immutable;

namespace HqSam.Core.Contract;

/// <summary>Element types the contract uses. Kept host-neutral: Interop maps ONNX Runtime's enum onto it.</summary>
public enum TensorElementKind
{
    Unknown = 0,
    Float32,
    Float16,
    Float64,
    Int64,
    Int32,
    Other,
}

/// <summary>
/// One named tensor of the contract. A dimension of <see cref="Dynamic"/> accepts any size
/// (only the decoder's point count is dynamic).
/// </summary>
public sealed record TensorSpec(string Name, TensorElementKind Element, ImmutableArray<long> Shape)
{
    public const long Dynamic = -1;

    public long ElementCount
    {
        get
        {
            long n = 1;
            foreach (long d in Shape)
            {
                n *= d == Dynamic ? 1 : d;
            }

            return n;
        }
    }

    public static string FormatShape(IEnumerable<long> shape) =>
        "[" + string.Join(",", shape.Select(d => d < 0 ? "N" : d.ToString(System.Globalization.CultureInfo.InvariantCulture))) + "]";

    public override string ToString() => $"{Name} {Element} {FormatShape(Shape)}";
}
