using HqSam.Core.Contract;
using HqSam.Interop.Onnx;
using HqSam.TestModels;
using HqSam.Tests.Support;

namespace HqSam.Tests.Contract;

[TestClass]
public sealed class ModelContractTests
{
    [TestMethod]
    public void GeneratedPairMatchesTheContractExactly()
    {
        // Every declared input and output, in order, with its element type and shape: the contract's,
        // with the point count the only symbolic dimension.
        foreach ((string file, IReadOnlyList<TensorSpec> inputs, IReadOnlyList<TensorSpec> outputs) in new[]
        {
            ("encoder.onnx", (IReadOnlyList<TensorSpec>)SamContract.EncoderInputs, (IReadOnlyList<TensorSpec>)SamContract.EncoderOutputs),
            ("decoder.onnx", SamContract.DecoderInputs, SamContract.DecoderOutputs),
        })
        {
            using var session = new Microsoft.ML.OnnxRuntime.InferenceSession(Path.Combine(TestModelPair.Directory, file));
            static string Declared(IReadOnlyDictionary<string, Microsoft.ML.OnnxRuntime.NodeMetadata> metadata) => string.Join("; ", metadata.Select(kv =>
                $"{kv.Key} {kv.Value.ElementDataType} {TensorSpec.FormatShape(kv.Value.Dimensions.Select(d => (long)d))}"));
            static string Expected(IReadOnlyList<TensorSpec> specs) => string.Join("; ", specs.Select(t => $"{t.Name} Float {TensorSpec.FormatShape(t.Shape)}"));
            Assert.AreEqual(Expected(inputs), Declared(session.InputMetadata), file);
            Assert.AreEqual(Expected(outputs), Declared(session.OutputMetadata), file);
        }
    }

    [TestMethod]
    public void CommittedSampleModelsAreTheGeneratorsOutput()
    {
        string samples = Path.Combine(RepositoryRoot(), "samples", "models");
        CollectionAssert.AreEqual(TestModelFactory.Encoder(), File.ReadAllBytes(Path.Combine(samples, "encoder.onnx")), "regenerate samples/models with the TestModels tool");
        CollectionAssert.AreEqual(TestModelFactory.Decoder(), File.ReadAllBytes(Path.Combine(samples, "decoder.onnx")), "regenerate samples/models with the TestModels tool");
    }

    [TestMethod]
    public void RenamedOutputIsReportedWithWhatWasFound()
    {
        string dir = TestModelPair.WriteVariant(new TestModelOptions
        {
            Rename = new Dictionary<string, string> { ["masks"] = "mask", ["iou_predictions"] = "scores" },
        });
        var e = Assert.ThrowsExactly<ModelContractException>(() => OnnxSamModel.Load(dir));
        StringAssert.StartsWith(e.Message, Path.Combine(dir, "decoder.onnx") + ": ", "the full path, so the user knows which copy");
        StringAssert.Contains(e.Message, "output 'masks' missing; found 'mask', 'scores'");
        StringAssert.Contains(e.Message, "output 'iou_predictions' missing");
        Assert.HasCount(2, e.Differences);
    }

    [TestMethod]
    public void RenamedInputIsReported()
    {
        string dir = TestModelPair.WriteVariant(new TestModelOptions { Rename = new Dictionary<string, string> { ["image"] = "pixel_values" } });
        var e = Assert.ThrowsExactly<ModelContractException>(() => OnnxSamModel.Load(dir));
        StringAssert.Contains(e.Message, "encoder.onnx: input 'image' missing; found 'pixel_values'");
    }

    [TestMethod]
    public void WrongElementTypeAndRankAreReported()
    {
        string dir = TestModelPair.WriteVariant(new TestModelOptions
        {
            AsDouble = new HashSet<string> { "low_res_masks" },
            Flatten = new HashSet<string> { "iou_predictions" },
        });
        var e = Assert.ThrowsExactly<ModelContractException>(() => OnnxSamModel.Load(dir));
        StringAssert.Contains(e.Message, "output 'low_res_masks' is Float64, expected Float32");
        StringAssert.Contains(e.Message, "output 'iou_predictions' has shape [3], expected [1,3]");
    }

    [TestMethod]
    public void MissingOutputIsReported()
    {
        string dir = TestModelPair.WriteVariant(new TestModelOptions { Drop = new HashSet<string> { "high_res_feats_1" } });
        var e = Assert.ThrowsExactly<ModelContractException>(() => OnnxSamModel.Load(dir));
        StringAssert.Contains(e.Message, "encoder.onnx: output 'high_res_feats_1' missing");
    }

    [TestMethod]
    public void MissingEmptyRandomAndTruncatedFilesNameThePath()
    {
        string dir = TestModelPair.NewFolder("broken");
        string encoder = Path.Combine(dir, "encoder.onnx");
        string decoder = Path.Combine(dir, "decoder.onnx");
        File.WriteAllBytes(decoder, TestModelFactory.Decoder());

        AssertFileError(dir, encoder, "file not found");

        File.WriteAllBytes(encoder, []);
        AssertFileError(dir, encoder, "file is empty");

        var noise = new byte[4096];
        new Random(1).NextBytes(noise);
        File.WriteAllBytes(encoder, noise);
        AssertFileError(dir, encoder, "not a loadable ONNX model");

        byte[] whole = TestModelFactory.Decoder();
        File.WriteAllBytes(encoder, TestModelFactory.Encoder());
        File.WriteAllBytes(decoder, whole[..(whole.Length / 2)]);
        AssertFileError(dir, decoder, "not a loadable ONNX model");

        // Both broken (the two sessions load at once): the encoder's error is the one reported.
        File.WriteAllBytes(encoder, noise);
        AssertFileError(dir, encoder, "not a loadable ONNX model");

        var e = Assert.ThrowsExactly<ModelFileException>(() => OnnxSamModel.Load(Path.Combine(dir, "nope")));
        StringAssert.Contains(e.Message, "model folder not found");
    }

    [TestMethod]
    public void CheckerListsEveryDifference()
    {
        var actual = new List<TensorSpec>
        {
            new("image", TensorElementKind.Float16, [1, 3, 1024, 1024]),
        };
        var differences = ContractChecker.Compare("input", SamContract.EncoderInputs, actual);
        CollectionAssert.AreEqual(new[] { "input 'image' is Float16, expected Float32" }, differences);

        var dynamicWhereFixed = new List<TensorSpec> { new("image", TensorElementKind.Float32, [1, 3, -1, -1]) };
        differences = ContractChecker.Compare("input", SamContract.EncoderInputs, dynamicWhereFixed);
        CollectionAssert.AreEqual(new[] { "input 'image' has shape [1,3,N,N], expected [1,3,1024,1024]" }, differences);
    }

    [TestMethod]
    public void TheSymbolicVariantsOutputsAreSymbolicToOnnxRuntimeAsLoaded()
    {
        // ONNX Runtime reports the shapes it infers over the declared ones: a stand-in that only
        // declares -1 is reported fixed, and every test of the first-run shape check tests nothing.
        // Each decoder output must reach the session as symbolic, the encoder's too.
        string dir = TestModelPair.WriteVariant(new TestModelOptions { SymbolicOutputs = true });
        foreach (string file in (string[])["encoder.onnx", "decoder.onnx"])
        {
            using var session = new Microsoft.ML.OnnxRuntime.InferenceSession(Path.Combine(dir, file));
            foreach ((string name, Microsoft.ML.OnnxRuntime.NodeMetadata output) in session.OutputMetadata)
            {
                Assert.IsTrue(output.Dimensions.All(d => d < 0), $"{file} '{name}' reaches ONNX Runtime as [{string.Join(',', output.Dimensions)}]");
            }
        }
    }

    [TestMethod]
    public void SymbolicOutputDimensionsAreAcceptedAtLoadAndCheckedOnTheRun()
    {
        // As real exports declare them: every output dimension symbolic.
        List<TensorSpec> symbolic = [.. SamContract.DecoderOutputs.Select(o => o with { Shape = [.. o.Shape.Select(_ => -1L)] })];
        Assert.IsEmpty(ContractChecker.Compare("output", SamContract.DecoderOutputs, symbolic));
        Assert.IsTrue(ContractChecker.HasDeferredDimensions(SamContract.DecoderOutputs, symbolic));
        Assert.IsFalse(ContractChecker.HasDeferredDimensions(SamContract.DecoderOutputs, SamContract.DecoderOutputs));

        // What the first run produced is held to the contract in the load check's words.
        Assert.IsNull(ContractChecker.CompareActual("output", SamContract.LowResMasksSpec, TensorElementKind.Float32, [1, 4, 256, 256]));
        Assert.AreEqual(
            "output 'low_res_masks' has shape [1,3,256,256], expected [1,4,256,256]",
            ContractChecker.CompareActual("output", SamContract.LowResMasksSpec, TensorElementKind.Float32, [1, 3, 256, 256]));
        Assert.AreEqual(
            "output 'low_res_masks' is Float16, expected Float32",
            ContractChecker.CompareActual("output", SamContract.LowResMasksSpec, TensorElementKind.Float16, [1, 4, 256, 256]));
    }

    private static void AssertFileError(string dir, string path, string problem)
    {
        var e = Assert.ThrowsExactly<ModelFileException>(() => OnnxSamModel.Load(dir));
        Assert.AreEqual(path, e.Path);
        StringAssert.StartsWith(e.Message, $"{path}: {problem}");
        Assert.DoesNotContain('\n', e.Message, "one line");
    }

    internal static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "HqSam.Plugin.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("HqSam.Plugin.sln not found above the test binaries");
    }
}
