namespace HqSam.Tests.Support;

/// <summary>Reads the tables the project keeps as checked facts (OnnxRuntimeApi.md, Signatures.md).</summary>
internal static class MarkdownTable
{
    /// <summary>The first cell of every row whose first cell is in backticks, without the backticks.</summary>
    public static SortedSet<string> CodeCells(string path)
    {
        var rows = new SortedSet<string>(StringComparer.Ordinal);
        foreach (string line in File.ReadLines(path))
        {
            if (!line.StartsWith("| `", StringComparison.Ordinal))
            {
                continue;
            }

            int end = line.IndexOf("` |", 3, StringComparison.Ordinal);
            Assert.IsTrue(end > 0, $"malformed row in {path}: {line}");
            rows.Add(line[3..end]);
        }

        return rows;
    }
}
