using System.Globalization;

namespace HqSam.Core.Contract;

/// <summary>
/// Compares what a model file declares with the contract and lists every difference in words a
/// user can act on, e.g. <c>output 'masks' missing; found 'mask', 'scores'</c>.
/// </summary>
public static class ContractChecker
{
    /// <param name="kind">"input" or "output".</param>
    /// <param name="expected">The contract's tensors.</param>
    /// <param name="actual">What the file declares; a dimension of -1 (or below) is symbolic.</param>
    public static List<string> Compare(string kind, IReadOnlyList<TensorSpec> expected, IReadOnlyList<TensorSpec> actual)
    {
        var differences = new List<string>();
        var byName = new Dictionary<string, TensorSpec>(StringComparer.Ordinal);
        foreach (TensorSpec a in actual)
        {
            byName.TryAdd(a.Name, a);
        }

        var expectedNames = new HashSet<string>(expected.Select(e => e.Name), StringComparer.Ordinal);
        var unexpected = actual.Where(a => !expectedNames.Contains(a.Name)).Select(a => $"'{a.Name}'").ToList();

        foreach (TensorSpec e in expected)
        {
            if (!byName.TryGetValue(e.Name, out TensorSpec? a))
            {
                string found = unexpected.Count > 0 ? $"; found {string.Join(", ", unexpected)}" : string.Empty;
                differences.Add($"{kind} '{e.Name}' missing{found}");
                continue;
            }

            if (a.Element != e.Element)
            {
                differences.Add($"{kind} '{e.Name}' is {a.Element}, expected {e.Element}");
            }

            // Outputs may declare symbolic sizes (real exports do; checked on the first run). An input
            // is fed at the contract's size, so a symbolic input dimension means another model.
            if (!ShapeMatches(e.Shape, a.Shape, allowSymbolic: kind == "output"))
            {
                differences.Add(ShapeDifference(kind, e, a.Shape));
            }
        }

        return differences;
    }

    /// <summary>
    /// True when the file declares a symbolic dimension where the contract fixes a size. Real
    /// exports do this on their outputs; such a model is accepted at load and its actual shapes are
    /// checked on its first run (<see cref="CompareActual"/>).
    /// </summary>
    public static bool HasDeferredDimensions(IReadOnlyList<TensorSpec> expected, IReadOnlyList<TensorSpec> actual)
    {
        foreach (TensorSpec e in expected)
        {
            TensorSpec? a = actual.FirstOrDefault(x => x.Name == e.Name);
            if (a is not null && a.Shape.Length == e.Shape.Length && e.Shape.Where((d, i) => d != TensorSpec.Dynamic && a.Shape[i] < 0).Any())
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The difference between a tensor a run produced and the contract, in the load check's words; null when it fits.</summary>
    public static string? CompareActual(string kind, TensorSpec expected, TensorElementKind element, IReadOnlyList<long> shape)
    {
        ArgumentNullException.ThrowIfNull(expected);
        ArgumentNullException.ThrowIfNull(shape);
        if (element != expected.Element)
        {
            return $"{kind} '{expected.Name}' is {element}, expected {expected.Element}";
        }

        return ShapeMatches(expected.Shape, shape, allowSymbolic: false) ? null : ShapeDifference(kind, expected, shape);
    }

    private static string ShapeDifference(string kind, TensorSpec expected, IEnumerable<long> actual) => string.Create(
        CultureInfo.InvariantCulture,
        $"{kind} '{expected.Name}' has shape {TensorSpec.FormatShape(actual)}, expected {TensorSpec.FormatShape(expected.Shape)}");

    private static bool ShapeMatches(IReadOnlyList<long> expected, IReadOnlyList<long> actual, bool allowSymbolic)
    {
        if (expected.Count != actual.Count)
        {
            return false;
        }

        for (int i = 0; i < expected.Count; i++)
        {
            // A dynamic contract dimension takes anything. A fixed one must be equal, except that a
            // declared symbolic dimension is taken on trust at load and checked on the first run.
            if (expected[i] != TensorSpec.Dynamic && expected[i] != actual[i] && !(allowSymbolic && actual[i] < 0))
            {
                return false;
            }
        }

        return true;
    }
}
