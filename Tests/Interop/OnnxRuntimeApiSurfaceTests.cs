using HqSam.Interop.Sessions;
using HqSam.Tests.Contract;
using HqSam.Tests.Support;

namespace HqSam.Tests.Interop;

/// <summary>
/// The Windows plugin build compiles <c>Interop/</c> against ONNX Runtime 1.22 (the DirectML package's
/// version), which is not served here; every other build uses 1.31. So the ONNX Runtime members
/// <c>Interop/</c> calls are listed in <c>Interop/OnnxRuntimeApi.md</c>, each checked to exist in 1.22,
/// and this test fails when the code starts using a member the list does not have (or stops using one).
/// </summary>
[TestClass]
public sealed class OnnxRuntimeApiSurfaceTests
{
    [TestMethod]
    public void InteropUsesOnlyTheOnnxRuntimeMembersCheckedAgainstVersion122()
    {
        string assembly = typeof(OnnxSession).Assembly.Location;
        SortedSet<string> used = ReferencedMembers.In(assembly, "Microsoft.ML.OnnxRuntime");
        SortedSet<string> listed = ListedMembers();

        var unlisted = used.Except(listed).ToList();
        var stale = listed.Except(used).ToList();
        Assert.IsTrue(unlisted.Count == 0 && stale.Count == 0,
            "Interop/OnnxRuntimeApi.md differs from what Interop calls.\n"
            + "Used but not listed (check each against ONNX Runtime 1.22, then add its row):\n  " + string.Join("\n  ", unlisted)
            + "\nListed but no longer used (remove the row):\n  " + string.Join("\n  ", stale));
    }

    [TestMethod]
    public void TheReaderSeesOverloadsGenericsAndSetters()
    {
        // The check above is only as good as this reader: it must tell overloads apart, see property
        // setters and generic methods, and ignore other namespaces.
        SortedSet<string> used = ReferencedMembers.In(typeof(OnnxSession).Assembly.Location, "Microsoft.ML.OnnxRuntime");
        Assert.IsTrue(used.Contains("RunOptions.set_Terminate(bool) : void"), string.Join("\n", used));
        Assert.IsTrue(used.Any(row => row.StartsWith("static OrtValue.CreateTensorValueFromMemory<1>(", StringComparison.Ordinal)), string.Join("\n", used));
        Assert.IsTrue(used.Contains("type Microsoft.ML.OnnxRuntime.InferenceSession"));
        Assert.IsFalse(used.Any(row => row.Contains("System.IO.Hashing", StringComparison.Ordinal)));
        Assert.IsFalse(used.Any(row => row.StartsWith("HqSam", StringComparison.Ordinal)));
    }

    private static SortedSet<string> ListedMembers()
    {
        string path = Path.Combine(ModelContractTests.RepositoryRoot(), "Interop", "OnnxRuntimeApi.md");
        SortedSet<string> rows = MarkdownTable.CodeCells(path);
        Assert.IsTrue(rows.Count > 0, $"no rows read from {path}");
        return rows;
    }
}
