namespace HqSam.Cli;

/// <summary>"Did you mean": the known name nearest to what the user typed, if any is near enough.</summary>
internal static class CommandSuggestion
{
    /// <summary>
    /// The name within two edits of <paramref name="typed"/> (a swap of neighbours counts as one:
    /// <c>segmnet</c> is one from <c>segment</c>), or that starts with it; the nearest wins, the first
    /// listed on a tie. Null when none is near: a guess far off is worse than none.
    /// </summary>
    public static string? Nearest(string typed, IEnumerable<string> names)
    {
        ArgumentNullException.ThrowIfNull(typed);
        ArgumentNullException.ThrowIfNull(names);
        string word = typed.ToLowerInvariant();
        string? best = null;
        int bestDistance = int.MaxValue;
        foreach (string name in names)
        {
            int distance = Distance(word, name.ToLowerInvariant());
            int limit = Math.Min(2, Math.Max(1, name.Length / 3));
            bool prefix = word.Length >= 2 && name.StartsWith(word, StringComparison.OrdinalIgnoreCase);
            if ((distance <= limit || prefix) && distance < bestDistance)
            {
                (best, bestDistance) = (name, distance);
            }
        }

        return best;
    }

    /// <summary>Edits from <paramref name="a"/> to <paramref name="b"/>: insertions, deletions, substitutions and swaps of neighbours.</summary>
    internal static int Distance(string a, string b)
    {
        // Three rows of the optimal-string-alignment table: the swap looks two rows back.
        var before = new int[b.Length + 1];
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (int j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (int i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (int j = 1; j <= b.Length; j++)
            {
                int cost = a[i - 1] == b[j - 1] ? 0 : 1;
                int d = Math.Min(Math.Min(previous[j] + 1, current[j - 1] + 1), previous[j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d = Math.Min(d, before[j - 2] + 1);
                }

                current[j] = d;
            }

            (before, previous, current) = (previous, current, before);
        }

        return previous[b.Length];
    }
}
