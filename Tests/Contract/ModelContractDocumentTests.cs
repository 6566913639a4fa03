using HqSam.Core.Contract;

namespace HqSam.Tests.Contract;

/// <summary>docs/model-contract.md's tensor tables and the contract the code checks models against are the same, row for row.</summary>
[TestClass]
public sealed class ModelContractDocumentTests
{
    [TestMethod]
    [DataRow("`encoder.onnx`")]
    [DataRow("`decoder.onnx`")]
    public void TheDocumentsTablesAreTheCodesContract(string file)
    {
        bool encoder = file.Contains("encoder", StringComparison.Ordinal);
        IEnumerable<(TensorSpec Spec, string Direction)> code = encoder
            ? SamContract.EncoderInputs.Select(s => (s, "input")).Concat(SamContract.EncoderOutputs.Select(s => (s, "output")))
            : SamContract.DecoderInputs.Select(s => (s, "input")).Concat(SamContract.DecoderOutputs.Select(s => (s, "output")));
        string[] expected = [.. code.Select(c => $"| `{c.Spec.Name}` | {c.Direction} | {Type(c.Spec.Element)} | {Shape(c.Spec.Shape)} |")];

        CollectionAssert.AreEqual(expected, RowsUnder("## " + file));
    }

    [TestMethod]
    public void ThePlainFamilysTableIsTheCodesToo()
    {
        string[] expected = [.. SamContract.PlainDecoderOutputs.Select(s => $"| `{s.Name}` | output | {Type(s.Element)} | {Shape(s.Shape)} |")];
        CollectionAssert.AreEqual(expected, RowsUnder("## Plain SAM 2.1: the second family"));
    }

    [TestMethod]
    public void TheCodeCitesTheDocumentNotAFileOutsideTheRepository()
    {
        string root = ModelContractTests.RepositoryRoot();
        string[] sources = [.. new[] { "Core", "Interop", "Cli", "Plugin", "TestModels" }
            .SelectMany(folder => Directory.EnumerateFiles(Path.Combine(root, folder), "*.cs", SearchOption.AllDirectories))
            .Where(path => !path.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))];
        string[] outside = [.. sources.Where(path => File.ReadAllText(path).Contains("shared/seeds", StringComparison.Ordinal))];
        Assert.IsEmpty(outside, string.Join(", ", outside));
        StringAssert.Contains(File.ReadAllText(Path.Combine(root, "Core", "Contract", "SamContract.cs")), "docs/model-contract.md");
    }

    private static string[] RowsUnder(string heading)
    {
        string[] lines = File.ReadAllLines(Path.Combine(ModelContractTests.RepositoryRoot(), "docs", "model-contract.md"));
        int start = Array.IndexOf(lines, heading);
        Assert.IsGreaterThanOrEqualTo(0, start, $"docs/model-contract.md has a section '{heading}'");
        return [.. lines.Skip(start + 1).SkipWhile(l => !l.StartsWith("| `", StringComparison.Ordinal)).TakeWhile(l => l.StartsWith("| `", StringComparison.Ordinal))];
    }

    private static string Type(TensorElementKind kind) => kind switch
    {
        TensorElementKind.Float32 => "float32",
        _ => kind.ToString().ToLowerInvariant(),
    };

    private static string Shape(IEnumerable<long> shape) => "[" + string.Join(", ", shape.Select(d => d == TensorSpec.Dynamic ? "N" : d.ToString(System.Globalization.CultureInfo.InvariantCulture))) + "]";
}
