using System.Runtime.InteropServices;
using System.Text.Json;
using HqSam.Core.Contract;
using HqSam.Core.Models;
using HqSam.TestModels;
using HqSam.Tests.Cli;
using HqSam.Tests.Support;
using static HqSam.Tests.Cli.CliRunner;

namespace HqSam.Tests.Models;

/// <summary>
/// A folder as <c>tools/convert/export_hq_sam2.py</c> leaves it (pair, model.json, parity/ with
/// PyTorch's outputs), checked by <c>hqsam models verify DIR</c>; and random-weights pairs, which
/// work everywhere but are never mistaken for a real model. The reference here is recorded from the
/// analytic pair itself, in the exporter's format; the real export was checked the same way (README).
/// </summary>
[TestClass]
public sealed class ExportedFolderTests
{
    private ModelStore _store = null!;

    [TestInitialize]
    public void Setup() => _store = new ModelStore(TestModelPair.NewFolder("store"));

    /// <summary>The command line on this test's store.</summary>
    private (int Code, string Stdout, string Stderr) Run(params string[] args) => CliRunner.Run(CliRunner.Services.WithStore(_store), args);

    [TestMethod]
    public void AnExportThatMatchesItsReferenceVerifiesWithTheFigures()
    {
        string dir = Export("matching", "exported from test.pt");
        (int code, string stdout, string stderr) = Run("models", "verify", dir);
        Assert.AreEqual(0, code, stdout + stderr);
        StringAssert.Contains(stdout, $"{dir}: OK (model.json: exported from test.pt; parity with PyTorch test over 3 prompts");
        StringAssert.Contains(stdout, $"0 of {3 * 4 * 256 * 256} mask values flipped");
    }

    [TestMethod]
    public void ALogitOnTheOtherSideOfZeroFailsTheParity()
    {
        string dir = Export("flipped", "exported from test.pt");
        string file = Path.Combine(dir, "parity", "low_res_masks_1.f32");
        float[] logits = Read(file);
        int strongest = 0;
        for (int i = 1; i < logits.Length; i++)
        {
            strongest = MathF.Abs(logits[i]) > MathF.Abs(logits[strongest]) ? i : strongest;
        }

        logits[strongest] = -logits[strongest];
        Write(file, logits);

        (int code, string stdout, _) = Run("models", "verify", dir);
        Assert.AreEqual(2, code, stdout);
        StringAssert.Contains(stdout, "differs from PyTorch test");
        StringAssert.Contains(stdout, "1 of 786432 mask values flipped");
    }

    [TestMethod]
    public void ASmallDriftWithinToleranceStillFailsWhenItExceedsIt()
    {
        // 1e-3 of the range passes nothing when the encoder output drifts by 1 %: the relative check is live.
        string dir = Export("drift", "exported from test.pt");
        string file = Path.Combine(dir, "parity", "image_embed.f32");
        float[] embed = Read(file);
        float range = embed.Max(MathF.Abs);
        embed[123] += 0.01f * range;
        Write(file, embed);

        (int code, string stdout, _) = Run("models", "verify", dir);
        Assert.AreEqual(2, code, stdout);
        StringAssert.Contains(stdout, "encoder max |diff|");
    }

    [TestMethod]
    public void ATruncatedReferenceOrAChangedModelIsNamed()
    {
        string dir = Export("truncated", "exported from test.pt");
        string file = Path.Combine(dir, "parity", "high_res_feats_1.f32");
        File.WriteAllBytes(file, new byte[100]);
        (int code, string stdout, _) = Run("models", "verify", dir);
        Assert.AreEqual(2, code);
        StringAssert.Contains(stdout, $"{file}: 100 bytes, expected {64 * 128 * 128 * 4}");

        string changed = Export("changed", "exported from test.pt");
        File.AppendAllText(Path.Combine(changed, "decoder.onnx"), " ");
        (code, stdout, _) = Run("models", "verify", changed);
        Assert.AreEqual(2, code);
        StringAssert.Contains(stdout, "decoder.onnx: ");
        StringAssert.Contains(stdout, "expected");
    }

    [TestMethod]
    public void RandomWeightsAreImportedAsSuchAndEverySegmentationWarnsOnce()
    {
        string dir = Export("reference", ModelManifest.RandomWeightsSource);
        (int code, _, string stderr) = Run("models", "import", dir);
        Assert.AreEqual(0, code, stderr);
        Assert.IsTrue(_store.Get("reference").HasRandomWeights, "the exporter's source is kept");
        StringAssert.Contains(Run("models", "list").Stdout, "random-weights");

        (string work, string image) = SceneFolder("random-weights", "scene.png");
        string warning = "has random weights (model.json: source random-weights); it is for tests and benchmarks, its masks mean nothing";
        foreach (string models in new[] { dir, _store.DirectoryOf("reference") })
        {
            (code, _, stderr) = Run("segment", "--image", image, "--models", models, "--point", "160,120", "--out", FreshPath(work, "mask.png"));
            Assert.AreEqual(0, code, stderr);
            Assert.AreEqual(1, stderr.Split('\n').Count(line => line.Contains(warning, StringComparison.Ordinal)), stderr);
        }

        // A real model's folder says nothing.
        string real = Export("real", "exported from test.pt");
        (code, _, stderr) = Run("segment", "--image", image, "--models", real, "--point", "160,120", "--out", FreshPath(work, "mask.png"));
        Assert.AreEqual(0, code, stderr);
        Assert.DoesNotContain("random weights", stderr);
    }

    /// <summary>
    /// The pair plus what the exporter writes beside it: model.json with sizes and hashes, and
    /// parity/ with one image, the encoder's outputs and three prompts' low-res logits and scores,
    /// computed from the analytic models' definition (<see cref="AnalyticReference"/>), which stands in
    /// for PyTorch: not through ONNX Runtime and HqSam's model code, which is what the check examines.
    /// </summary>
    private static string Export(string name, string source)
    {
        string dir = Path.Combine(TestModelPair.NewFolder("exports"), name);
        string parity = Path.Combine(dir, ModelParity.FolderName);
        Directory.CreateDirectory(parity);
        var files = new List<object>();
        foreach (string file in new[] { "encoder.onnx", "decoder.onnx" })
        {
            string target = Path.Combine(dir, file);
            File.Copy(Path.Combine(TestModelPair.Directory, file), target);
            files.Add(new { name = file, size = new FileInfo(target).Length, sha256 = ModelStore.Sha256Of(target) });
        }

        File.WriteAllText(Path.Combine(dir, ModelManifest.FileName), JsonSerializer.Serialize(new { id = name, precision = "fp32", source, files }));

        var random = new Random(7);
        float[] image = new float[SamContract.ImageSpec.ElementCount];
        for (int i = 0; i < image.Length; i++)
        {
            image[i] = (float)((random.NextDouble() * 4) - 2);
        }

        ImageEmbedding embedding = AnalyticReference.Encode(image);
        Write(Path.Combine(parity, "image.f32"), image);
        Write(Path.Combine(parity, "high_res_feats_0.f32"), embedding.HighResFeats0);
        Write(Path.Combine(parity, "high_res_feats_1.f32"), embedding.HighResFeats1);
        Write(Path.Combine(parity, "image_embed.f32"), embedding.ImageEmbed);

        (float[][] Coords, float[] Labels)[] prompts =
        [
            ([[512, 512]], [1]),
            ([[100, 200], [800, 700]], [2, 3]),
            ([[100, 200], [800, 700], [400, 400], [600, 300]], [2, 3, 1, 0]),
        ];
        var decodes = new List<object>();
        for (int i = 0; i < prompts.Length; i++)
        {
            (float[][] coords, float[] labels) = prompts[i];
            Write(Path.Combine(parity, $"low_res_masks_{i}.f32"), AnalyticReference.Decode(embedding.HighResFeats0, coords, labels));
            decodes.Add(new { point_coords = coords, point_labels = labels, low_res_masks = $"low_res_masks_{i}.f32", iou_predictions = TestModelFactory.IouScores });
        }

        var encoder = new Dictionary<string, string>
        {
            ["image"] = "image.f32",
            ["high_res_feats_0"] = "high_res_feats_0.f32",
            ["high_res_feats_1"] = "high_res_feats_1.f32",
            ["image_embed"] = "image_embed.f32",
        };
        File.WriteAllText(Path.Combine(parity, ModelParity.ReferenceFileName), JsonSerializer.Serialize(new { torch = "test", encoder, decodes }));
        return dir;
    }

    private static void Write(string path, float[] values) => File.WriteAllBytes(path, MemoryMarshal.AsBytes(values.AsSpan()).ToArray());

    private static float[] Read(string path) => MemoryMarshal.Cast<byte, float>(File.ReadAllBytes(path)).ToArray();
}
