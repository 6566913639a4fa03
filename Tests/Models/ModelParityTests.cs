using System.Runtime.InteropServices;
using System.Text.Json;
using HqSam.Core.Contract;
using HqSam.Core.Models;
using HqSam.Tests.Support;

namespace HqSam.Tests.Models;

/// <summary>
/// The parity check's arithmetic and its refusals, against a scripted model whose every output is
/// known: which tensors are compared, how prompts are read, what counts as a flipped value, and each
/// malformed reference's one line.
/// </summary>
[TestClass]
public sealed class ModelParityTests
{
    private const int Plane = LowResMasks.PlaneLength;

    [TestMethod]
    public void TheReportHasEachDifferenceOverEveryTensorAndPrompt()
    {
        var reference = new Reference();
        ImageEmbedding expected = reference.Embedding;
        expected.ImageEmbed[5] = -2f;                  // the largest reference feature: the encoder's scale
        var model = new ScriptedModel(Copy(expected));
        model.Encoded.HighResFeats0[3] += 0.125f;
        model.Encoded.HighResFeats1[7] -= 0.25f;       // the largest encoder difference, in the second tensor
        model.Encoded.ImageEmbed[9] += 0.0625f;

        // Two decodes. The model answers each with the reference's logits but for: a value clearly off 0
        // on the other side (flipped), one within the margin of 0 on the other side (a tie), one off by 0.5.
        float[] first = Logits(seed: 1), second = Logits(seed: 2);
        first[10] = 8f;                                // the largest reference logit: the scale, and this decode's margin 8e-4
        first[11] = 3f;
        first[12] = 0.0005f;
        first[14] = 0.0008f;                           // exactly the margin: a tie too
        first[15] = 2f;                                // answered with exactly 0, which is not selected: flipped
        second[13] = -1f;
        model.Answers.Enqueue((With(first, (11, -3f), (12, -0.0005f), (14, -0.0008f), (15, 0f)), [0.5f, 0.25f, 0.125f]));
        model.Answers.Enqueue((With(second, (13, -0.5f)), [0.5f, 0.25f, 0.375f]));
        reference.Decode([[100, 200]], [1], first, [0.5, 0.25, 0.125, 0.9]);        // a fourth score (more than the model gives) is not compared
        reference.Decode([[10, 20], [300, 400], [50, 60]], [2, 3, 0], second, [0.5, 0.25, 0.25]);
        float[] third = Logits(seed: 5);
        model.Answers.Enqueue((third, [0.5f, 0.25f, 0.125f]));
        reference.Decode([[7, 8], [9, 10]], [1, 1], third, [0.5, 0.25, 0.125]);    // two clicks, not a box
        string path = reference.Write(torch: "1.13");

        ParityReport report = ModelParity.Check(model, path);

        Assert.AreEqual("PyTorch 1.13", report.Framework);
        Assert.AreEqual(3, report.Decodes);
        Assert.AreEqual(0.25, report.EncoderMaxDiff, 1e-7);
        Assert.AreEqual(2.0, report.EncoderScale);
        Assert.AreEqual(6.0, report.LogitMaxDiff, 1e-6, "the flipped value, 3 against -3");
        Assert.AreEqual(8.0, report.LogitScale);
        Assert.AreEqual(0.125, report.IouMaxDiff, 1e-7);
        Assert.AreEqual(3L * model.Family.MaskCount() * Plane, report.MaskValues);
        Assert.AreEqual(2L, report.FlippedValues, "the ties within the margin are not counted; a 0 against a positive logit is");
        CollectionAssert.AreEqual(reference.Image, model.EncodedImage, "the encoder ran on the reference's image");
        CollectionAssert.AreEqual(expected.HighResFeats1, model.DecodedWith!.HighResFeats1, "decodes run on the reference's features, not the model's");

        // Prompts as the decoder got them: the reference's 1024-space points 1:1, a leading box kept as a box.
        Assert.AreEqual("100,200:1", model.Prompts[0]);
        Assert.AreEqual("10,20:2 300,400:3 50,60:0", model.Prompts[1]);
        Assert.AreEqual("7,8:1 9,10:1", model.Prompts[2]);
        Assert.ThrowsExactly<ArgumentNullException>(() => ModelParity.Check(null!, path));
    }

    [TestMethod]
    public void ANaNFromTheModelIsTheWorstDifferenceAndAReferenceWithoutTorchNamesItself()
    {
        var reference = new Reference();
        reference.Decode([[1, 2]], [1], Logits(seed: 3), [0, 0, 0]);
        var model = new ScriptedModel(Copy(reference.Embedding));
        model.Encoded.HighResFeats0[0] = float.NaN;
        model.Answers.Enqueue((Logits(seed: 3), [0f, 0f, 0f]));

        ParityReport report = ModelParity.Check(model, reference.Write(torch: null));
        Assert.AreEqual(double.PositiveInfinity, report.EncoderMaxDiff);
        Assert.IsFalse(report.Passed);
        Assert.AreEqual("the reference", report.Framework);
    }

    [TestMethod]
    public void TheReferenceIsFoundInTheModelsParityFolder()
    {
        string model = TestModelPair.NewFolder("parity-model");
        Assert.IsNull(ModelParity.ReferenceIn(model));
        Directory.CreateDirectory(Path.Combine(model, ModelParity.FolderName));
        string path = Path.Combine(model, ModelParity.FolderName, ModelParity.ReferenceFileName);
        File.WriteAllText(path, "{}");
        Assert.AreEqual(path, ModelParity.ReferenceIn(model));
    }

    [TestMethod]
    [DataRow("{ not json", "not a parity reference (")]
    [DataRow("""{"torch":7,"encoder":{}}""", "'image' missing")]
    [DataRow("[]", "'encoder' missing")]
    [DataRow("""{"decodes":[]}""", "'encoder' missing")]
    [DataRow("""{"encoder":{}}""", "'image' missing")]
    [DataRow("""{"encoder":{"image":"../image.f32"}}""", "'image' must name a file beside it")]
    [DataRow("""{"encoder":{"image":""}}""", "'image' must name a file beside it")]
    [DataRow("""{"encoder":{"image":null}}""", "'image' must name a file beside it")]
    public void AReferenceThatCannotBeReadIsOneLine(string json, string expected)
    {
        string path = Path.Combine(TestModelPair.NewFolder("parity-bad"), ModelParity.ReferenceFileName);
        File.WriteAllText(path, json);
        string message = Assert.ThrowsExactly<ModelStoreException>(() => ModelParity.Check(new ScriptedModel(new ImageEmbedding()), path)).Message;
        StringAssert.StartsWith(message, path + ": ");
        StringAssert.Contains(message, expected);
        Assert.IsFalse(message.Contains('\n', StringComparison.Ordinal), message);
    }

    [TestMethod]
    public void ATensorFileMissingOrOfTheWrongSizeIsNamed()
    {
        string folder = TestModelPair.NewFolder("parity-bad");
        string path = Path.Combine(folder, ModelParity.ReferenceFileName);
        File.WriteAllText(path, """{"encoder":{"image":"image.f32"},"decodes":[]}""");
        var model = new ScriptedModel(new ImageEmbedding());
        Assert.AreEqual($"{Path.Combine(folder, "image.f32")}: missing", Assert.ThrowsExactly<ModelStoreException>(() => ModelParity.Check(model, path)).Message);

        File.WriteAllBytes(Path.Combine(folder, "image.f32"), new byte[12]);
        int count = checked((int)SamContract.ImageSpec.ElementCount);
        Assert.AreEqual($"{Path.Combine(folder, "image.f32")}: 12 bytes, expected {count * 4L} ({count} float32 values for 'image')", Assert.ThrowsExactly<ModelStoreException>(() => ModelParity.Check(model, path)).Message);
    }

    [TestMethod]
    public void DecodesThatAreNotThereOrNotClicksAreRefused()
    {
        var none = new Reference();
        string noDecodes = none.Write(torch: null);
        StringAssert.EndsWith(Assert.ThrowsExactly<ModelStoreException>(() => ModelParity.Check(new ScriptedModel(Copy(none.Embedding)), noDecodes)).Message, "no decodes to compare");

        foreach ((float[][] coords, float[] labels, string message) in new (float[][], float[], string)[]
        {
            ([[1, 2]], [1, 0], "each decode needs as many point_coords as point_labels"),
            ([], [], "each decode needs as many point_coords as point_labels"),
            ([[1, 2]], [5], "label 5 is not a click (1, 0) or a leading box (2, 3)"),
            ([[1, 2], [3, 4]], [3, 2], "label 3 is not a click (1, 0) or a leading box (2, 3)"),
            ([[1, 2], [3, 4]], [1, 3], "label 3 is not a click (1, 0) or a leading box (2, 3)"), // a box's corner after a click is no box
            ([[1, 2]], [2], "label 2 is not a click (1, 0) or a leading box (2, 3)"), // half a box
        })
        {
            var reference = new Reference();
            reference.Decode(coords, labels, Logits(seed: 4), [0, 0, 0]);
            StringAssert.EndsWith(Assert.ThrowsExactly<ModelStoreException>(() => ModelParity.Check(new ScriptedModel(Copy(reference.Embedding)), reference.Write(torch: null))).Message, message);
        }
    }

    private static float[] Logits(int seed)
    {
        var random = new Random(seed);
        var logits = new float[SamContract.MaskCount * Plane];
        for (int i = 0; i < logits.Length; i++)
        {
            logits[i] = (float)((random.NextDouble() * 2) - 1); // within ±1: the scale comes from the values set on purpose
        }

        return logits;
    }

    private static float[] With(float[] values, params (int Index, float Value)[] changes)
    {
        float[] copy = (float[])values.Clone();
        foreach ((int i, float v) in changes)
        {
            copy[i] = v;
        }

        return copy;
    }

    private static ImageEmbedding Copy(ImageEmbedding e)
    {
        var copy = new ImageEmbedding();
        e.HighResFeats0.CopyTo(copy.HighResFeats0, 0);
        e.HighResFeats1.CopyTo(copy.HighResFeats1, 0);
        e.ImageEmbed.CopyTo(copy.ImageEmbed, 0);
        return copy;
    }

    /// <summary>A parity folder as the exporter writes one: reference.json and raw float32 files beside it.</summary>
    private sealed class Reference
    {
        private readonly List<object> _decodes = [];
        private readonly string _folder = TestModelPair.NewFolder("parity");

        public Reference()
        {
            var random = new Random(11);
            Image = new float[SamContract.ImageSpec.ElementCount];
            for (int i = 0; i < Image.Length; i += 997)
            {
                Image[i] = (float)random.NextDouble();
            }

            foreach (float[] tensor in new[] { Embedding.HighResFeats0, Embedding.HighResFeats1, Embedding.ImageEmbed })
            {
                for (int i = 0; i < tensor.Length; i++)
                {
                    tensor[i] = (float)(random.NextDouble() - 0.5); // within ±0.5
                }
            }
        }

        public float[] Image { get; }

        public ImageEmbedding Embedding { get; } = new();

        public void Decode(float[][] coords, float[] labels, float[] logits, double[] iou)
        {
            string file = $"low_res_masks_{_decodes.Count}.f32";
            Save(file, logits);
            _decodes.Add(new Dictionary<string, object> { ["point_coords"] = coords, ["point_labels"] = labels, ["low_res_masks"] = file, ["iou_predictions"] = iou });
        }

        public string Write(string? torch)
        {
            Save("image.f32", Image);
            Save("f0.f32", Embedding.HighResFeats0);
            Save("f1.f32", Embedding.HighResFeats1);
            Save("embed.f32", Embedding.ImageEmbed);
            var root = new Dictionary<string, object>
            {
                ["encoder"] = new Dictionary<string, string> { ["image"] = "image.f32", ["high_res_feats_0"] = "f0.f32", ["high_res_feats_1"] = "f1.f32", ["image_embed"] = "embed.f32" },
                ["decodes"] = _decodes,
            };
            if (torch is not null)
            {
                root["torch"] = torch;
            }

            string path = Path.Combine(_folder, ModelParity.ReferenceFileName);
            File.WriteAllText(path, JsonSerializer.Serialize(root));
            return path;
        }

        private void Save(string name, float[] values) => File.WriteAllBytes(Path.Combine(_folder, name), MemoryMarshal.AsBytes(values.AsSpan()).ToArray());
    }

    /// <summary>An HQ-SAM model whose encoder returns <see cref="Encoded"/> and whose decoder answers from a queue, recording what it was given.</summary>
    private sealed class ScriptedModel(ImageEmbedding encoded) : ISamModel
    {
        public ImageEmbedding Encoded { get; } = encoded;

        public Queue<(float[] Logits, float[] Iou)> Answers { get; } = new();

        public float[]? EncodedImage { get; private set; }

        public ImageEmbedding? DecodedWith { get; private set; }

        public List<string> Prompts { get; } = [];

        public string Identity => "scripted";

        public ModelFamily Family => ModelFamily.HqSam21;

        public void Encode(float[] image, ImageEmbedding output, CancellationToken cancellationToken = default)
        {
            EncodedImage = (float[])image.Clone();
            Encoded.HighResFeats0.CopyTo(output.HighResFeats0, 0);
            Encoded.HighResFeats1.CopyTo(output.HighResFeats1, 0);
            Encoded.ImageEmbed.CopyTo(output.ImageEmbed, 0);
        }

        public void Decode(ImageEmbedding embedding, DecoderPrompt prompt, float[]? maskInput, LowResMasks output, CancellationToken cancellationToken = default)
        {
            DecodedWith = embedding;
            Prompts.Add(string.Join(' ', Enumerable.Range(0, prompt.Count).Select(i => FormattableString.Invariant($"{prompt.Coords[2 * i]},{prompt.Coords[(2 * i) + 1]}:{prompt.Labels[i]}"))));
            (float[] logits, float[] iou) = Answers.Dequeue();
            logits.CopyTo(output.Logits, 0);
            iou.CopyTo(output.Iou, 0);
        }

        public void Dispose()
        {
        }
    }
}
