using System.Text.Json;
using System.Text.RegularExpressions;

namespace HqSam.Tests.Support;

/// <summary>
/// The mutation-testing areas (<c>tools/stryker/AREA.json</c>) still name what docs/mutation-testing.md
/// says they do: every pattern matches a file, and a character span (Stryker.NET's <c>{from..to}</c>)
/// still holds whole members. Files move and grow; a stale pattern makes Stryker mutate nothing or the
/// wrong lines, and report a score for them without a word.
/// </summary>
[TestClass]
public sealed class StrykerAreaTests
{
    [TestMethod]
    public void EveryPatternMatchesAFileAndEverySpanHoldsWholeMembers()
    {
        string root = Contract.ModelContractTests.RepositoryRoot();
        string[] sources = [.. Directory.EnumerateFiles(root, "*.cs", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(root, f).Replace('\\', '/'))
            .Where(f => !f.Contains("/obj/", StringComparison.Ordinal) && !f.Contains("/bin/", StringComparison.Ordinal) && !f.StartsWith("artifacts/", StringComparison.Ordinal))];
        string[] configs = Directory.GetFiles(Path.Combine(root, "tools", "stryker"), "*.json");
        Assert.IsGreaterThanOrEqualTo(6, configs.Length);
        foreach (string config in configs)
        {
            using JsonDocument doc = JsonDocument.Parse(File.ReadAllText(config));
            foreach (JsonElement pattern in doc.RootElement.GetProperty("stryker-config").GetProperty("mutate").EnumerateArray())
            {
                Match m = Regex.Match(pattern.GetString()!, @"^\*\*/(?<path>[^{]+)(\{(?<from>\d+)\.\.(?<to>\d+)\})?$");
                Assert.IsTrue(m.Success, $"{Path.GetFileName(config)}: '{pattern}' is not of the form **/PATH[{{from..to}}]");
                var glob = new Regex("(^|/)" + Regex.Escape(m.Groups["path"].Value).Replace(@"\*", "[^/]*") + "$");
                string[] matched = [.. sources.Where(s => glob.IsMatch(s))];
                Assert.IsNotEmpty(matched, $"{Path.GetFileName(config)}: '{pattern}' matches no file");
                if (m.Groups["from"].Success)
                {
                    string text = File.ReadAllText(Path.Combine(root, matched.Single()));
                    int from = int.Parse(m.Groups["from"].Value, System.Globalization.CultureInfo.InvariantCulture), to = int.Parse(m.Groups["to"].Value, System.Globalization.CultureInfo.InvariantCulture);
                    Assert.IsLessThanOrEqualTo(text.Length, to, $"{pattern}: past the end of the file");
                    string span = text[from..to];
                    Assert.IsTrue(Regex.IsMatch(span, @"^    (private|public|internal|protected)\b"), $"{pattern}: does not start at a member: '{span[..Math.Min(60, span.Length)]}'");
                    Assert.EndsWith("\n    }\n", span, $"{pattern}: does not end with a member's closing brace");
                }
            }
        }
    }
}
