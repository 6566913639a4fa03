using System.Globalization;

namespace HqSam.Core.Model;

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

            if (!ShapeMatches(e.Shape, a.Shape))
            {
                differences.Add(string.Create(
                    CultureInfo.InvariantCulture,
                    $"{kind} '{e.Name}' has shape {TensorSpec.FormatShape(a.Shape)}, expected {TensorSpec.FormatShape(e.Shape)}"));
            }
        }

        return differences;
    }

    private static bool ShapeMatches(IReadOnlyList<long> expected, IReadOnlyList<long> actual)
    {
        if (expected.Count != actual.Count)
        {
            return false;
        }

        for (int i = 0; i < expected.Count; i++)
        {
            // A dynamic contract dimension takes anything; a fixed one must be declared fixed and equal,
            // because a symbolic dimension where the contract is fixed would accept tensors the rest of
            // the pipeline cannot size.
            if (expected[i] != TensorSpec.Dynamic && expected[i] != actual[i])
            {
                return false;
            }
        }

        return true;
    }
}
