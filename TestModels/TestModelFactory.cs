namespace HqSam.TestModels;

/// <summary>
/// Builds encoder/decoder pairs with the contract's names and shapes (docs/model-contract.md) and an analytic behaviour:
/// <list type="bullet">
/// <item>Encoder: each output holds, in its first three channels, the mean of the normalised R, G, B
/// planes over 4x4 (<c>high_res_feats_0</c>), 8x8 (<c>high_res_feats_1</c>) and 16x16
/// (<c>image_embed</c>) blocks of the 1024² input; the other channels are zero.</item>
/// <item>Decoder, on the 256² grid of <c>high_res_feats_0</c>: with d(p) the squared colour distance
/// of cell p to the cell under the nearest positive point (labels 1, and the box centre when a box
/// is given), and n(p) the same for negative points (label 0), channel k's logit is
/// <c>10 * min(T_k - d, n - d)</c>, limited to the box (labels 2 and 3) and, with
/// <c>has_mask_input = 1</c>, to <c>mask_input &gt; 0</c>. T = 0.05, 2, -, 0.5 for channels 0, 1, -, 3.
/// Channel 2 is an absolute colour test, <c>10 * (R - B)</c> in normalised units, limited likewise.
/// Coordinates follow the SAM 2 export: (x + 0.5) in 1024 space, the cell is floor(/4).</item>
/// <item><c>iou_predictions</c> = [0.3, 0.8, 0.5] (so "best" is channel 1); <c>masks</c> is
/// <c>low_res_masks</c> upsampled 4x (bilinear, half-pixel) and clamped to ±32.</item>
/// </list>
/// So a test that knows a scene's colours knows which pixels must be selected.
/// </summary>
public static class TestModelFactory
{
    public const float TightThreshold = 0.05f;
    public const float WideThreshold = 2f;
    public const float HqThreshold = 0.5f;
    public const float LogitScale = 10f;
    public static readonly float[] IouScores = [0.3f, 0.8f, 0.5f];

    private const float Big = 1e6f;
    private const int Grid = 256;

    public static void WritePair(string directory, TestModelOptions? options = null)
    {
        options ??= TestModelOptions.Exact;
        Directory.CreateDirectory(directory);
        File.WriteAllBytes(Path.Combine(directory, "encoder.onnx"), Encoder(options));
        File.WriteAllBytes(Path.Combine(directory, "decoder.onnx"), Decoder(options));
    }

    public static byte[] Encoder(TestModelOptions? options = null)
    {
        options ??= TestModelOptions.Exact;
        var g = new GraphBuilder("hqsam_test_encoder");
        string image = g.Input(Name(options, "image"), 1, 3, 1024, 1024);
        string source = image;
        if (options.EncoderFailsAtRun)
        {
            // An index past the end that depends on the data, so only Run can find it wrong and no
            // optimiser can fold it away.
            string sum = g.Op("ReduceSum", [image], GraphBuilder.Int("keepdims", 0));
            string index = g.Op("Cast", [g.Op("Add", [g.Op("Abs", [sum]), g.Scalar(4e6f)])], GraphBuilder.Int("to", 7));
            string picked = g.Op("Gather", [g.Op("Reshape", [image, g.Longs(-1)]), index], GraphBuilder.Int("axis", 0));
            source = g.Op("Add", [image, g.Op("Sub", [picked, picked])]);
        }

        if (options.SlowEncoderSteps > 0)
        {
            // Matrix products on the red plane, tied back to the input with a zero weight: the outputs
            // stay exact, and only a finished chain (or a terminated run) lets Run return.
            string plane = g.Op("Reshape", [g.Op("Slice", [image, g.Longs(0), g.Longs(1), g.Longs(1)]), g.Longs(1024, 1024)]);
            string weights = g.Floats([1024, 1024], [.. Enumerable.Repeat(1f / 1024, 1024 * 1024)]);
            for (int i = 0; i < options.SlowEncoderSteps; i++)
            {
                plane = g.Op("MatMul", [plane, weights]);
            }

            source = g.Op("Add", [source, g.Op("Mul", [g.Op("ReduceSum", [plane], GraphBuilder.Int("keepdims", 0)), g.Scalar(0f)])]);
        }

        EncoderOutput(g, options, source, "high_res_feats_0", 4, 32, 256);
        EncoderOutput(g, options, source, "high_res_feats_1", 8, 64, 128);
        EncoderOutput(g, options, source, "image_embed", 16, 256, 64);
        return g.ToBytes("hqsam-test-encoder");
    }

    public static byte[] Decoder(TestModelOptions? options = null)
    {
        options ??= TestModelOptions.Exact;
        var g = new GraphBuilder("hqsam_test_decoder");
        g.Input(Name(options, "image_embed"), 1, 256, 64, 64);
        string feats0 = g.Input(Name(options, "high_res_feats_0"), 1, 32, 256, 256);
        g.Input(Name(options, "high_res_feats_1"), 1, 64, 128, 128);
        string coords = g.Input(Name(options, "point_coords"), 1, -1, 2);
        string labels = g.Input(Name(options, "point_labels"), 1, -1);
        string maskInput = g.Input(Name(options, "mask_input"), 1, 1, 256, 256);
        string hasMask = g.Input(Name(options, "has_mask_input"), 1);

        // Cell colours [3, 65536] and the 1024-space centre of every cell.
        string rgb = g.Op("Slice", [feats0, g.Longs(0), g.Longs(3), g.Longs(1)]);
        string cells = g.Op("Reshape", [rgb, g.Longs(3, Grid * Grid)]);
        string cellIndex = g.Op("Range", [g.Scalar(0f), g.Scalar(Grid * Grid), g.Scalar(1f)]);
        string column = g.Op("Mod", [cellIndex, g.Scalar(Grid)], GraphBuilder.Int("fmod", 1));
        string line = g.Op("Floor", [g.Op("Div", [cellIndex, g.Scalar(Grid)])]);
        string cellX = g.Op("Mul", [g.Op("Add", [column, g.Scalar(0.5f)]), g.Scalar(4f)]);
        string cellY = g.Op("Mul", [g.Op("Add", [line, g.Scalar(0.5f)]), g.Scalar(4f)]);

        // Prompt points in pixel-centre 1024 space, as the SAM 2 export shifts them.
        string pts = g.Op("Add", [g.Op("Reshape", [coords, g.Longs(-1, 2)]), g.Scalar(0.5f)]); // [N,2]
        string lab = g.Op("Reshape", [labels, g.Longs(-1)]); // [N]
        string px = g.Op("Reshape", [g.Op("Slice", [pts, g.Longs(0), g.Longs(1), g.Longs(1)]), g.Longs(-1)]);
        string py = g.Op("Reshape", [g.Op("Slice", [pts, g.Longs(1), g.Longs(2), g.Longs(1)]), g.Longs(-1)]);

        // Box corners; without a box they fall to ∓Big and the box covers everything.
        string x0 = Reduce(g, "ReduceMax", g.Op("Where", [Is(g, lab, 2f), px, g.Scalar(-Big)]));
        string y0 = Reduce(g, "ReduceMax", g.Op("Where", [Is(g, lab, 2f), py, g.Scalar(-Big)]));
        string x1 = Reduce(g, "ReduceMin", g.Op("Where", [Is(g, lab, 3f), px, g.Scalar(Big)]));
        string y1 = Reduce(g, "ReduceMin", g.Op("Where", [Is(g, lab, 3f), py, g.Scalar(Big)]));
        string inside = g.Op("Min", [g.Op("Sub", [cellX, x0]), g.Op("Sub", [x1, cellX]), g.Op("Sub", [cellY, y0]), g.Op("Sub", [y1, cellY])]);
        string insideLogit = g.Op("Mul", [inside, g.Scalar(0.25f * LogitScale)]); // in 256-grid cells

        // The box centre counts as one more positive point when a box is given.
        string hasBox = g.Op("Less", [x1, g.Scalar(Big / 2)]);
        string cx = g.Op("Mul", [g.Op("Add", [x0, x1]), g.Scalar(0.5f)]);
        string cy = g.Op("Mul", [g.Op("Add", [y0, y1]), g.Scalar(0.5f)]);
        string centreLabel = g.Op("Where", [hasBox, g.Scalar(1f), g.Scalar(-7f)]);
        string allX = g.Op("Concat", [px, g.Op("Reshape", [cx, g.Longs(1)])], GraphBuilder.Int("axis", 0));
        string allY = g.Op("Concat", [py, g.Op("Reshape", [cy, g.Longs(1)])], GraphBuilder.Int("axis", 0));
        string allL = g.Op("Concat", [lab, g.Op("Reshape", [centreLabel, g.Longs(1)])], GraphBuilder.Int("axis", 0));

        // Colour under each point: cell index floor(c / 4), clamped to the grid.
        string ix = CellIndex(g, allX);
        string iy = CellIndex(g, allY);
        string flat = g.Op("Add", [g.Op("Mul", [iy, g.Longs(Grid)]), ix]); // [M]
        string picked = g.Op("Gather", [cells, flat], GraphBuilder.Int("axis", 1)); // [3, M]
        string pointColours = g.Op("Unsqueeze", [g.Op("Transpose", [picked], GraphBuilder.Ints("perm", 1, 0)), g.Longs(2)]); // [M,3,1]
        string diff = g.Op("Sub", [g.Op("Unsqueeze", [cells, g.Longs(0)]), pointColours]); // [M,3,P]
        string dist = g.Op("ReduceSum", [g.Op("Mul", [diff, diff]), g.Longs(1)], GraphBuilder.Int("keepdims", 0)); // [M,P]
        string labCol = g.Op("Unsqueeze", [allL, g.Longs(1)]); // [M,1]
        string dPos = g.Op("ReduceMin", [g.Op("Where", [Is(g, labCol, 1f), dist, g.Scalar(Big)])], GraphBuilder.Ints("axes", 0), GraphBuilder.Int("keepdims", 0));
        string dNeg = g.Op("ReduceMin", [g.Op("Where", [Is(g, labCol, 0f), dist, g.Scalar(Big)])], GraphBuilder.Ints("axes", 0), GraphBuilder.Int("keepdims", 0));
        string negMargin = g.Op("Sub", [dNeg, dPos]);

        string Similar(float threshold) =>
            g.Op("Mul", [g.Op("Min", [g.Op("Sub", [g.Scalar(threshold), dPos]), negMargin]), g.Scalar(LogitScale)]);

        string r = g.Op("Gather", [cells, g.Longs(0)], GraphBuilder.Int("axis", 0));
        string b = g.Op("Gather", [cells, g.Longs(2)], GraphBuilder.Int("axis", 0));
        string redness = g.Op("Reshape", [g.Op("Mul", [g.Op("Sub", [r, b]), g.Scalar(LogitScale)]), g.Longs(-1)]);

        string[] channels = [Similar(TightThreshold), Similar(WideThreshold), redness, Similar(HqThreshold)];
        string stacked = g.Op("Concat", [.. channels.Select(c => g.Op("Unsqueeze", [c, g.Longs(0)]))], GraphBuilder.Int("axis", 0)); // [4,P]

        // mask_input limits every channel when has_mask_input is 1.
        string previous = g.Op("Reshape", [maskInput, g.Longs(Grid * Grid)]);
        string useMask = g.Op("Greater", [g.Op("Reshape", [hasMask, g.Longs(1)]), g.Scalar(0.5f)]);
        string maskLimit = g.Op("Where", [useMask, previous, g.Scalar(Big)]);
        string limited = g.Op("Min", [stacked, insideLogit, maskLimit]);
        if (options.NaNLogits)
        {
            limited = g.Op("Mul", [limited, g.Scalar(float.NaN)]);
        }

        string lowRes = g.Op("Reshape", [limited, g.Longs(1, 4, Grid, Grid)]);
        string upsampled = g.Op(
            "Resize",
            [lowRes, string.Empty, g.Floats([4], 1f, 1f, 4f, 4f)],
            GraphBuilder.Text("mode", "linear"),
            GraphBuilder.Text("coordinate_transformation_mode", "half_pixel"));
        string masks = g.Op("Clip", [upsampled, g.Scalar(-32f), g.Scalar(32f)]);
        string iou = g.Floats([1, 3], IouScores);
        // Tie the scores to the graph's inputs so no optimiser folds the output away.
        iou = g.Op("Add", [iou, g.Op("Mul", [g.Op("ReduceMax", [lab], GraphBuilder.Int("keepdims", 1)), g.Scalar(0f)])]);

        int maskCount = options.PlainSam ? 3 : options.KeepMasks is > 0 and < 4 ? options.KeepMasks : 4;
        if (maskCount < 4)
        {
            // SAM 2.1 without the HQ token: the three multimask outputs only (or fewer, fitting nothing).
            masks = g.Op("Slice", [masks, g.Longs(0), g.Longs(maskCount), g.Longs(1)]);
            lowRes = g.Op("Slice", [lowRes, g.Longs(0), g.Longs(maskCount), g.Longs(1)]);
        }

        AddOutput(g, options, "masks", masks, 1, maskCount, 1024, 1024);
        AddOutput(g, options, "iou_predictions", iou, 1, 3);
        AddOutput(g, options, "low_res_masks", lowRes, 1, maskCount, Grid, Grid);
        return g.ToBytes("hqsam-test-decoder");
    }

    private static void EncoderOutput(GraphBuilder g, TestModelOptions options, string image, string name, int block, int channels, int side)
    {
        string pooled = g.Op("AveragePool", [image], GraphBuilder.Ints("kernel_shape", block, block), GraphBuilder.Ints("strides", block, block));
        string padded = g.Op("Pad", [pooled, g.Longs(0, 0, 0, 0, 0, channels - 3, 0, 0)]);
        AddOutput(g, options, name, padded, 1, channels, side, side);
    }

    private static void AddOutput(GraphBuilder g, TestModelOptions options, string name, string value, params long[] shape)
    {
        if (options.Drop.Contains(name))
        {
            return;
        }

        if (options.SymbolicOutputs)
        {
            shape = [.. shape.Select(_ => -1L)];
            value = ShapeKnownOnlyByRunning(g, value);
        }

        if (options.Flatten.Contains(name))
        {
            value = g.Op("Reshape", [value, g.Longs(-1)]);
            shape = [shape.Aggregate(1L, (a, b) => a * b)];
        }

        if (options.AsDouble.Contains(name))
        {
            g.Output(Name(options, name), g.Op("Cast", [value], GraphBuilder.Int("to", 11)), 11, shape);
            return;
        }

        g.FloatOutput(Name(options, name), value, shape);
    }

    /// <summary>
    /// The value reshaped to its own shape plus a zero read from its data. ONNX Runtime infers every
    /// static shape when it loads a graph and reports the inferred sizes over the declared symbolic
    /// ones, so declaring -1 alone changes nothing; a shape that depends on data it cannot infer, as
    /// real exports' dynamic sizes are.
    /// </summary>
    private static string ShapeKnownOnlyByRunning(GraphBuilder g, string value)
    {
        string first = g.Op("Slice", [g.Op("Reshape", [value, g.Longs(-1)]), g.Longs(0), g.Longs(1), g.Longs(0)]);
        // Nothing exceeds +infinity (NaN compares false): always 0, but only a run knows it.
        string zero = g.Op("Cast", [g.Op("Greater", [first, g.Scalar(float.PositiveInfinity)])], GraphBuilder.Int("to", 7));
        return g.Op("Reshape", [value, g.Op("Add", [g.Op("Shape", [value]), zero])]);
    }

    private static string Name(TestModelOptions options, string name) => options.Rename.TryGetValue(name, out string? renamed) ? renamed : name;

    private static string Is(GraphBuilder g, string labels, float value) => g.Op("Equal", [labels, g.Scalar(value)]);

    private static string Reduce(GraphBuilder g, string op, string value) =>
        g.Op(op, [value], GraphBuilder.Ints("axes", 0), GraphBuilder.Int("keepdims", 0));

    private static string CellIndex(GraphBuilder g, string coordinate)
    {
        string cell = g.Op("Floor", [g.Op("Div", [coordinate, g.Scalar(4f)])]);
        string clamped = g.Op("Clip", [cell, g.Scalar(0f), g.Scalar(Grid - 1)]);
        return g.Op("Cast", [clamped], GraphBuilder.Int("to", 7));
    }
}
