using System.Runtime.InteropServices;
using System.Text.Json;
using HqSam.Core.Contract;
using HqSam.Core.Prompts;

namespace HqSam.Core.Models;

/// <summary>
/// Compares a loaded pair against the outputs its exporter recorded from PyTorch
/// (<c>tools/convert/export_hq_sam2.py</c> writes them to <c>parity/</c> beside the pair): one
/// preprocessed image through the encoder, then a few prompts through the decoder on PyTorch's own
/// features, so a decoder difference is not hidden or inflated by an encoder one.
/// <para>
/// <c>parity/reference.json</c> names raw little-endian float32 files (C order) in the same folder:
/// <c>encoder</c> maps <c>image</c> and the three encoder outputs to files; each of <c>decodes</c>
/// has <c>point_coords</c> (1024 space), <c>point_labels</c>, a <c>low_res_masks</c> file and the
/// three <c>iou_predictions</c>.
/// </para>
/// </summary>
public static class ModelParity
{
    public const string FolderName = "parity";

    public const string ReferenceFileName = "reference.json";

    /// <summary>Largest accepted difference relative to the largest reference value (encoder features, low-res logits).</summary>
    public const double RelativeTolerance = 1e-3;

    /// <summary>Largest accepted IoU-score difference.</summary>
    public const double IouTolerance = 1e-3;

    /// <summary>A reference logit this close to 0, relative to the largest one, may round to either side.</summary>
    public const double FlipMargin = 1e-4;

    public static string? ReferenceIn(string modelDirectory)
    {
        string path = Path.Combine(modelDirectory, FolderName, ReferenceFileName);
        return File.Exists(path) ? path : null;
    }

    public static ParityReport Check(ISamModel model, string referencePath, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        string folder = Path.GetDirectoryName(Path.GetFullPath(referencePath))!;
        using JsonDocument doc = Parse(referencePath);
        JsonElement root = doc.RootElement;
        JsonElement encoder = Required(root, "encoder", referencePath); // also refuses a document that is not an object
        string framework = root.TryGetProperty("torch", out JsonElement torch) && torch.ValueKind == JsonValueKind.String ? $"PyTorch {torch.GetString()}" : "the reference";

        float[] image = Tensor(folder, encoder, "image", checked((int)SamContract.ImageSpec.ElementCount), referencePath);
        var expected = new ImageEmbedding();
        Tensor(folder, encoder, "high_res_feats_0", expected.HighResFeats0.Length, referencePath).CopyTo(expected.HighResFeats0, 0);
        Tensor(folder, encoder, "high_res_feats_1", expected.HighResFeats1.Length, referencePath).CopyTo(expected.HighResFeats1, 0);
        Tensor(folder, encoder, "image_embed", expected.ImageEmbed.Length, referencePath).CopyTo(expected.ImageEmbed, 0);

        var actual = new ImageEmbedding();
        model.Encode(image, actual, cancellationToken);
        var encoderDiff = new Difference();
        encoderDiff.Add(expected.HighResFeats0, actual.HighResFeats0);
        encoderDiff.Add(expected.HighResFeats1, actual.HighResFeats1);
        encoderDiff.Add(expected.ImageEmbed, actual.ImageEmbed);

        var logitDiff = new Difference();
        double iouDiff = 0;
        long values = 0, flipped = 0;
        int decodes = 0;
        var output = new LowResMasks(model.Family);
        foreach (JsonElement decode in Required(root, "decodes", referencePath).EnumerateArray())
        {
            DecoderPrompt prompt = PromptOf(decode, referencePath);
            float[] reference = Tensor(folder, decode, "low_res_masks", output.Logits.Length, referencePath);
            model.Decode(expected, prompt, null, output, cancellationToken);
            logitDiff.Add(reference, output.Logits);
            float margin = (float)(FlipMargin * MaxAbs(reference));
            for (int i = 0; i < reference.Length; i++)
            {
                values++;
                if (MathF.Abs(reference[i]) > margin && (reference[i] > 0) != (output.Logits[i] > 0))
                {
                    flipped++;
                }
            }

            int k = 0;
            foreach (JsonElement score in Required(decode, "iou_predictions", referencePath).EnumerateArray())
            {
                if (k < output.Iou.Length)
                {
                    iouDiff = Math.Max(iouDiff, Math.Abs(score.GetDouble() - output.Iou[k++]));
                }
            }

            decodes++;
        }

        if (decodes == 0)
        {
            throw new ModelStoreException($"{referencePath}: no decodes to compare");
        }

        return new ParityReport(framework, decodes, encoderDiff.Max, encoderDiff.Scale, logitDiff.Max, logitDiff.Scale, iouDiff, values, flipped);
    }

    /// <summary>The reference's points as the decoder receives them: already in 1024 space, so a 1024 x 1024 image maps them 1:1.</summary>
    private static DecoderPrompt PromptOf(JsonElement decode, string origin)
    {
        var coords = Required(decode, "point_coords", origin).EnumerateArray().Select(p => (X: p[0].GetSingle(), Y: p[1].GetSingle())).ToList();
        var labels = Required(decode, "point_labels", origin).EnumerateArray().Select(l => l.GetSingle()).ToList();
        if (coords.Count != labels.Count || coords.Count == 0)
        {
            throw new ModelStoreException($"{origin}: each decode needs as many point_coords as point_labels");
        }

        var points = new List<PointPrompt>();
        BoxPrompt? box = null;
        int start = 0;
        if (labels.Count >= 2 && labels[0] == SamContract.BoxTopLeftLabel && labels[1] == SamContract.BoxBottomRightLabel)
        {
            box = new BoxPrompt(coords[0].X, coords[0].Y, coords[1].X, coords[1].Y);
            start = 2;
        }

        for (int i = start; i < labels.Count; i++)
        {
            points.Add(labels[i] switch
            {
                SamContract.PositiveLabel => new PointPrompt(coords[i].X, coords[i].Y, true),
                SamContract.NegativeLabel => new PointPrompt(coords[i].X, coords[i].Y, false),
                _ => throw new ModelStoreException($"{origin}: label {labels[i]} is not a click (1, 0) or a leading box (2, 3)"),
            });
        }

        return DecoderPrompt.From(new SegmentationPrompt(points, box), SamContract.ImageSize, SamContract.ImageSize);
    }

    private static JsonDocument Parse(string path)
    {
        try
        {
            return JsonDocument.Parse(File.ReadAllText(path));
        }
        catch (JsonException e)
        {
            throw new ModelStoreException($"{path}: not a parity reference ({e.OneLineMessage()})", e);
        }
    }

    private static JsonElement Required(JsonElement parent, string name, string origin) =>
        parent.ValueKind == JsonValueKind.Object && parent.TryGetProperty(name, out JsonElement value)
            ? value
            : throw new ModelStoreException($"{origin}: '{name}' missing");

    /// <summary>A raw float32 file of exactly <paramref name="count"/> values.</summary>
    private static float[] Tensor(string folder, JsonElement owner, string name, int count, string origin)
    {
        string file = Required(owner, name, origin).GetString() ?? string.Empty;
        if (file.Length == 0 || Path.GetFileName(file) != file)
        {
            throw new ModelStoreException($"{origin}: '{name}' must name a file beside it");
        }

        string path = Path.Combine(folder, file);
        if (!File.Exists(path))
        {
            throw new ModelStoreException($"{path}: missing");
        }

        byte[] bytes = File.ReadAllBytes(path);
        if (bytes.LongLength != count * 4L)
        {
            throw new ModelStoreException($"{path}: {bytes.LongLength} bytes, expected {count * 4L} ({count} float32 values for '{name}')");
        }

        var values = new float[count];
        MemoryMarshal.Cast<byte, float>(bytes).CopyTo(values);
        if (!BitConverter.IsLittleEndian)
        {
            var raw = MemoryMarshal.Cast<float, int>(values.AsSpan());
            System.Buffers.Binary.BinaryPrimitives.ReverseEndianness(raw, raw);
        }

        return values;
    }

    private static float MaxAbs(ReadOnlySpan<float> values)
    {
        float max = 0;
        foreach (float v in values)
        {
            max = MathF.Max(max, MathF.Abs(v));
        }

        return max;
    }

    /// <summary>The largest absolute difference and the largest reference magnitude, over every pair added.</summary>
    private sealed class Difference
    {
        public double Max { get; private set; }

        public double Scale { get; private set; }

        public void Add(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual)
        {
            for (int i = 0; i < expected.Length; i++)
            {
                // A NaN in either is the worst difference there is.
                double d = Math.Abs((double)expected[i] - actual[i]);
                Max = double.IsNaN(d) ? double.PositiveInfinity : Math.Max(Max, d);
                Scale = Math.Max(Scale, Math.Abs(expected[i]));
            }
        }
    }
}
