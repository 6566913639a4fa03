using HqSam.Cli;
using HqSam.Tests.Contract;
using HqSam.Tests.Support;
using SkiaSharp;

namespace HqSam.Tests.Cli;

/// <summary>The <c>hqsam</c> command, run in-process with its real argument parsing, files and sessions.</summary>
[TestClass]
public sealed class CliTests
{
    private static string _work = string.Empty;
    private static string _image = string.Empty;

    [ClassInitialize]
    public static void Init(TestContext context)
    {
        _ = context;
        _work = TestModelPair.NewFolder("cli");
        _image = Path.Combine(_work, "scene.png");
        SavePng(_image, Scene.Standard().Render(640, 480));
    }

    [TestMethod]
    public void SegmentWritesMaskOverlayAndCutout()
    {
        string mask = Out("mask.png"), overlay = Out("overlay.png"), cutout = Out("cutout.png");
        (int code, string stdout, string stderr) = Run(
            "segment", "--image", _image, "--models", TestModelPair.Directory, "--out", mask,
            "--point", "204.8,240", "--overlay", overlay, "--cutout", cutout, "--timings");

        Assert.AreEqual(0, code, stderr);
        StringAssert.Contains(stdout, "pixels selected");
        using SKBitmap gray = SKBitmap.Decode(mask);
        Assert.AreEqual(640, gray.Width);
        Assert.AreEqual(480, gray.Height);
        Assert.AreEqual(SKColorType.Gray8, gray.ColorType);
        byte[] got = gray.Bytes;
        Assert.IsTrue(got.All(b => b is 0 or 255), "binary mask");
        Assert.IsGreaterThanOrEqualTo(0.95, MaskMetrics.IoU(got, Scene.Standard().Truth(0, 640, 480)));

        using SKBitmap cut = SKBitmap.Decode(cutout);
        Assert.AreEqual(0, cut.GetPixel(5, 5).Alpha, "background is transparent");
        Assert.AreEqual(255, cut.GetPixel(204, 240).Alpha, "the object is kept");
        Assert.AreEqual(new SKColor(215, 40, 35), cut.GetPixel(204, 240));
        using SKBitmap over = SKBitmap.Decode(overlay);
        Assert.AreNotEqual(new SKColor(215, 40, 35), over.GetPixel(204, 240), "the selection is tinted");
        Assert.AreEqual(new SKColor(205, 212, 222), over.GetPixel(5, 5), "the rest is untouched");

        string[] lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        CollectionAssert.AreEqual(new[] { "preprocess", "encode", "decode", "postprocess" }, lines.Select(l => l.Split(' ')[0]).ToArray());
        foreach (string line in lines)
        {
            StringAssert.Matches(line, new System.Text.RegularExpressions.Regex(@"^[a-z]+ \d+(\.\d+)? ms$"));
        }
    }

    [TestMethod]
    public void BoxAndNegativeAndMaskChoiceAreAccepted()
    {
        (int code, _, string stderr) = Run(
            "segment", "--image", _image, "--models", TestModelPair.Directory, "--out", Out("m.png"),
            "--box", "360,100,600,380", "--negative", "20,20", "--mask", "best");
        Assert.AreEqual(0, code, stderr);
    }

    [TestMethod]
    [DataRow("missing --out", "segment --image IMG --models MODELS --point 1,1", "--out")]
    [DataRow("unknown option", "segment --image IMG --models MODELS --out OUT --frobnicate", "frobnicate")]
    [DataRow("bad point", "segment --image IMG --models MODELS --out OUT --point 12,x", "--point '12,x': 'x' is not a number")]
    [DataRow("short point", "segment --image IMG --models MODELS --out OUT --point 12", "--point '12': expected X,Y")]
    [DataRow("outside", "segment --image IMG --models MODELS --out OUT --point 640,10", "point (640, 10) is outside the 640x480 image")]
    [DataRow("negative outside", "segment --image IMG --models MODELS --out OUT --negative -1,10", "negative point (-1, 10) is outside")]
    [DataRow("nan", "segment --image IMG --models MODELS --out OUT --point NaN,10", "not a finite coordinate")]
    [DataRow("zero box", "segment --image IMG --models MODELS --out OUT --box 10,10,10,50", "has zero area")]
    [DataRow("no prompt", "segment --image IMG --models MODELS --out OUT", "no prompt")]
    [DataRow("bad device", "segment --image IMG --models MODELS --out OUT --point 1,1 --device tpu", "--device 'tpu'")]
    [DataRow("bad mask", "segment --image IMG --models MODELS --out OUT --point 1,1 --mask 7", "--mask '7'")]
    [DataRow("missing image", "segment --image NOPE.png --models MODELS --out OUT --point 1,1", "NOPE.png: file not found")]
    [DataRow("missing models", "segment --image IMG --models NOPE --out OUT --point 1,1", "NOPE: given as --models, but there is no such folder")]
    [DataRow("models without the pair", "segment --image IMG --models WORK --out OUT --point 1,1", "WORK: given as --models, but it holds no encoder.onnx and decoder.onnx pair")]
    [DataRow("a file as models", "segment --image IMG --models IMG --out OUT --point 1,1", "given as --models, but it is a file, not a model folder")]
    [DataRow("bench: missing models", "bench --models NOPE", "NOPE: given as --models, but there is no such folder")]
    [DataRow("output folder", "segment --image IMG --models MODELS --out NOPE/x.png --point 1,1", "folder does not exist")]
    public void BadInputExitsTwoWithOneLine(string why, string args, string expected)
    {
        _ = why;
        string output = Out("bad.png");
        string Fill(string a) => a
            .Replace("IMG", _image, StringComparison.Ordinal)
            .Replace("MODELS", TestModelPair.Directory, StringComparison.Ordinal)
            .Replace("NOPE", Path.Combine(_work, "nope"), StringComparison.Ordinal)
            .Replace("WORK", _work, StringComparison.Ordinal)
            .Replace("OUT", output, StringComparison.Ordinal);
        (int code, _, string stderr) = Run([.. args.Split(' ').Select(Fill)]);
        expected = Fill(expected);
        Assert.AreEqual(2, code, stderr);
        string line = stderr.TrimEnd();
        Assert.DoesNotContain('\n', line, $"one line: {stderr}");
        StringAssert.StartsWith(line, "hqsam: ");
        StringAssert.Contains(line, expected);
        Assert.DoesNotContain("   at ", line, "no stack trace");
        Assert.IsFalse(File.Exists(output), "nothing written on failure");
    }

    [TestMethod]
    public void SelectionTextRoundTripsTheMask()
    {
        string mask = Out("sel-mask.png"), json = Out("sel.json"), again = Out("again.json");
        (int code, string stdout, string stderr) = Run(
            "segment", "--image", _image, "--models", TestModelPair.Directory, "--out", mask,
            "--point", "204.8,240", "--selection", json, "--tolerance", "0");
        Assert.AreEqual(0, code, stderr);
        StringAssert.Contains(stdout, "Ctrl+Alt+Shift+V");

        using SKBitmap gray = SKBitmap.Decode(mask);
        byte[] expected = gray.Bytes;
        List<HqSam.Core.Selection.Polygon> polygons = ParsePolygons(File.ReadAllText(json));
        CollectionAssert.AreEqual(expected, HqSam.Core.Selection.PolygonRasterizer.Fill(polygons, 640, 480), "exact at tolerance 0");

        // Any mask image converts on its own, here with the default simplification.
        (code, _, stderr) = Run("selection", "--image", mask, "--out", again);
        Assert.AreEqual(0, code, stderr);
        double iou = MaskMetrics.IoU(expected, HqSam.Core.Selection.PolygonRasterizer.Fill(ParsePolygons(File.ReadAllText(again)), 640, 480));
        Assert.IsGreaterThanOrEqualTo(0.995, iou);

        (code, _, stderr) = Run("selection", "--image", mask, "--out", Out("x.json"), "--tolerance", "-1");
        Assert.AreEqual(2, code);
        StringAssert.Contains(stderr, "--tolerance -1: expected a number of pixels");
    }

    private static List<HqSam.Core.Selection.Polygon> ParsePolygons(string json)
    {
        using var doc = System.Text.Json.JsonDocument.Parse(json);
        return [.. doc.RootElement.GetProperty("polygonList").EnumerateArray()
            .Select(e => new HqSam.Core.Selection.Polygon([.. e.GetString()!.Split(',').Select(int.Parse)]))];
    }

    [TestMethod]
    public void AGpuThatIsNotThereIsReportedNotSilent()
    {
        (int code, _, string stderr) = Run("segment", "--image", _image, "--models", TestModelPair.Directory, "--out", Out("d.png"), "--point", "5,5", "--device", "directml");
        Assert.AreEqual(0, code, stderr);
        StringAssert.Contains(stderr, "hqsam: warning: directml not used: DirectML exists only on Windows");

        (code, _, stderr) = Run("segment", "--image", _image, "--models", TestModelPair.Directory, "--out", Out("v.png"), "--point", "5,5", "--verbose");
        Assert.AreEqual(0, code, stderr);
        StringAssert.Contains(stderr, "hqsam: encoder: CPU (");
    }

    [TestMethod]
    public void CorruptAndTruncatedImagesAreNamed()
    {
        string corrupt = Path.Combine(_work, "corrupt.png");
        File.WriteAllBytes(corrupt, [0x89, 0x50, 0x4E, 0x47, 1, 2, 3, 4, 5, 6, 7]);
        (int code, _, string stderr) = Run("segment", "--image", corrupt, "--models", TestModelPair.Directory, "--out", Out("c.png"), "--point", "1,1");
        Assert.AreEqual(2, code);
        StringAssert.Contains(stderr, corrupt + ": ");

        byte[] whole = File.ReadAllBytes(_image);
        string truncated = Path.Combine(_work, "truncated.png");
        File.WriteAllBytes(truncated, whole[..(whole.Length / 2)]);
        (code, _, stderr) = Run("segment", "--image", truncated, "--models", TestModelPair.Directory, "--out", Out("t.png"), "--point", "1,1");
        Assert.AreEqual(2, code, stderr);
        StringAssert.Contains(stderr, "truncated.png: file is truncated or corrupt");
    }

    [TestMethod]
    public void BadModelExitsTwoNamingTheTensor()
    {
        string dir = TestModelPair.WriteVariant(new HqSam.TestModels.TestModelOptions { Rename = new Dictionary<string, string> { ["masks"] = "mask" } });
        (int code, _, string stderr) = Run("segment", "--image", _image, "--models", dir, "--out", Out("x.png"), "--point", "1,1");
        Assert.AreEqual(2, code);
        StringAssert.Contains(stderr, "decoder.onnx: output 'masks' missing; found 'mask'");
    }

    [TestMethod]
    public void ReadmeExampleRunsOnTheCommittedSamples()
    {
        string root = ModelContractTests.RepositoryRoot();
        string readme = File.ReadAllText(Path.Combine(root, "README.md"));
        StringAssert.Contains(readme, "dotnet run --project Cli -- segment --image samples/shapes.png --models samples/models --point 200,240 --out mask.png");
        string mask = Out("readme.png");
        (int code, _, string stderr) = Run("segment", "--image", Path.Combine(root, "samples", "shapes.png"), "--models", Path.Combine(root, "samples", "models"), "--point", "200,240", "--out", mask);
        Assert.AreEqual(0, code, stderr);

        // One disc, one region: no specks or holes from edge refinement.
        using SKBitmap gray = SKBitmap.Decode(mask);
        Assert.AreEqual((1, 0), HqSam.TestModels.Quality.MaskTopology.Count(gray.Bytes, gray.Width, gray.Height));

        // And it is the disc under the click: the flat-coloured region around (200, 240) in the sample.
        using SKBitmap sample = SKBitmap.Decode(Path.Combine(root, "samples", "shapes.png"));
        SKColor disc = sample.GetPixel(200, 240);
        var truth = new byte[sample.Width * sample.Height];
        var stack = new Stack<(int X, int Y)>([(200, 240)]);
        while (stack.Count > 0)
        {
            (int x, int y) = stack.Pop();
            if ((uint)x >= (uint)sample.Width || (uint)y >= (uint)sample.Height || truth[(y * sample.Width) + x] != 0)
            {
                continue;
            }

            SKColor c = sample.GetPixel(x, y);
            if (Math.Abs(c.Red - disc.Red) + Math.Abs(c.Green - disc.Green) + Math.Abs(c.Blue - disc.Blue) > 30)
            {
                continue;
            }

            truth[(y * sample.Width) + x] = 255;
            stack.Push((x + 1, y));
            stack.Push((x - 1, y));
            stack.Push((x, y + 1));
            stack.Push((x, y - 1));
        }

        Assert.IsGreaterThan(1000, MaskMetrics.Count(truth), "a disc, not a pixel");
        Assert.IsGreaterThanOrEqualTo(0.95, MaskMetrics.IoU(gray.Bytes, truth));
    }

    [TestMethod]
    public void GrayscaleAndSixteenBitImagesLoad()
    {
        // Left half bright, right half dark: a click on the left selects the left half, in every format.
        const int W = 80, H = 60;
        byte[] truth = [.. Enumerable.Range(0, W * H).Select(i => i % W < W / 2 ? (byte)255 : (byte)0)];
        string gray16 = Path.Combine(_work, "gray16.png"), rgb16 = Path.Combine(_work, "rgb16.png"), gray8 = Path.Combine(_work, "gray8.png");
        File.WriteAllBytes(gray16, Png16(W, H, rgb: false)); // written by hand: Skia cannot encode 16 bits
        File.WriteAllBytes(rgb16, Png16(W, H, rgb: true));
        var info = new SKImageInfo(W, H, SKColorType.Gray8, SKAlphaType.Opaque);
        using (var bitmap = new SKBitmap(info))
        {
            truth.Select(v => v == 255 ? (byte)230 : (byte)20).ToArray().CopyTo(bitmap.GetPixelSpan());
            using SKData data = bitmap.Encode(SKEncodedImageFormat.Png, 100);
            File.WriteAllBytes(gray8, data.ToArray());
        }

        foreach (string path in new[] { gray16, rgb16, gray8 })
        {
            string mask = Out("m.png");
            (int code, _, string stderr) = Run("segment", "--image", path, "--models", TestModelPair.Directory, "--out", mask, "--point", "10,30");
            Assert.AreEqual(0, code, stderr);
            Assert.IsGreaterThanOrEqualTo(0.9, MaskMetrics.IoU(Gray(mask), truth), Path.GetFileName(path));
        }
    }

    [TestMethod]
    public void GrowFeatherAndInvertFinishTheMaskAsTheEditorDoes()
    {
        string plain = Out("plain.png"), grown = Out("grown.png"), soft = Out("soft.png"), inverted = Out("inv.png");
        string[] common = ["segment", "--image", _image, "--models", TestModelPair.Directory, "--point", "204.8,240"];
        Assert.AreEqual(0, Run([.. common, "--out", plain]).Code);
        Assert.AreEqual(0, Run([.. common, "--out", grown, "--grow", "6"]).Code);
        Assert.AreEqual(0, Run([.. common, "--out", soft, "--feather", "8"]).Code);
        Assert.AreEqual(0, Run([.. common, "--out", inverted, "--invert", "--grow", "-3"]).Code);

        byte[] mask = Gray(plain);
        byte[] expected = (byte[])mask.Clone();
        HqSam.Core.Masks.MaskMorphology.Apply(expected, 640, 480, 6, HqSam.Core.Masks.StructuringElement.Round);
        CollectionAssert.AreEqual(expected, Gray(grown), "grown with the round element");

        byte[] feathered = Gray(soft);
        Assert.IsTrue(feathered.Any(v => v is > 0 and < 255), "a soft edge");
        Assert.AreEqual(255, feathered[(240 * 640) + 204], "the inside stays selected");

        expected = [.. mask.Select(v => (byte)(255 - v))];
        HqSam.Core.Masks.MaskMorphology.Apply(expected, 640, 480, -3, HqSam.Core.Masks.StructuringElement.Round);
        CollectionAssert.AreEqual(expected, Gray(inverted), "inverted, then shrunk");

        (int code, _, string stderr) = Run([.. common, "--out", Out("x.png"), "--feather", "-1"]);
        Assert.AreEqual(2, code);
        StringAssert.StartsWith(stderr, "hqsam: --feather -1: expected 0 to 500 pixels");
        (code, _, stderr) = Run([.. common, "--out", Out("x.png"), "--grow", "9999"]);
        Assert.AreEqual(2, code);
        StringAssert.Contains(stderr, "--grow 9999: expected -500 to 500 pixels");
    }

    private static byte[] Gray(string path)
    {
        using SKBitmap bitmap = SKBitmap.Decode(path);
        return bitmap.Bytes;
    }

    [TestMethod]
    public void APhotoStoredTurnedIsSelectedUpright()
    {
        // A camera JPEG: the sensor's pixels turned a quarter anticlockwise, and EXIF orientation 6
        // ("show it turned clockwise"). Points and masks are in the upright picture every viewer shows.
        const int UprightW = 480, UprightH = 360;
        Scene scene = Scene.Standard();
        HqSam.Core.Imaging.BgraImage upright = scene.Render(UprightW, UprightH);
        var stored = new byte[UprightW * UprightH * 4];
        for (int y = 0; y < UprightH; y++)
        {
            for (int x = 0; x < UprightW; x++)
            {
                // Stored is UprightH wide and UprightW tall: upright (x, y) sits at stored (y, UprightW - 1 - x).
                upright.GetRow(y).Slice(x * 4, 4).CopyTo(stored.AsSpan((((UprightW - 1 - x) * UprightH) + y) * 4));
            }
        }

        string photo = Out("turned.jpg");
        File.WriteAllBytes(photo, JpegWithOrientation(new HqSam.Core.Imaging.BgraImage(UprightH, UprightW, stored), 6));
        (float cx, float cy) = scene.Centre(1, UprightW, UprightH);
        string mask = Out("upright.png");
        (int code, _, string stderr) = Run("segment", "--image", photo, "--models", TestModelPair.Directory, "--out", mask, "--point", $"{cx},{cy}");

        Assert.AreEqual(0, code, stderr);
        using SKBitmap gray = SKBitmap.Decode(mask);
        Assert.AreEqual((UprightW, UprightH), (gray.Width, gray.Height), "the mask is upright");
        Assert.IsGreaterThanOrEqualTo(0.95, MaskMetrics.IoU(gray.Bytes, scene.Truth(1, UprightW, UprightH)));
    }

    /// <summary>A JPEG from Skia with an EXIF APP1 segment (one IFD entry: Orientation) put right after SOI.</summary>
    private static byte[] JpegWithOrientation(HqSam.Core.Imaging.BgraImage image, ushort orientation)
    {
        var info = new SKImageInfo(image.Width, image.Height, SKColorType.Bgra8888, SKAlphaType.Unpremul);
        using var bitmap = new SKBitmap(info);
        image.Pixels.Span.CopyTo(bitmap.GetPixelSpan());
        using SKData data = bitmap.Encode(SKEncodedImageFormat.Jpeg, 95);
        byte[] jpeg = data.ToArray();
        byte[] tiff =
        [
            (byte)'I', (byte)'I', 42, 0, 8, 0, 0, 0, // little-endian TIFF header, first IFD at 8
            1, 0,                                     // one entry
            0x12, 0x01, 3, 0, 1, 0, 0, 0, (byte)orientation, (byte)(orientation >> 8), 0, 0, // 0x0112 SHORT x1
            0, 0, 0, 0,                               // no next IFD
        ];
        byte[] payload = [.. "Exif\0\0"u8, .. tiff];
        int length = payload.Length + 2;
        return [0xFF, 0xD8, 0xFF, 0xE1, (byte)(length >> 8), (byte)length, .. payload, .. jpeg.AsSpan(2)];
    }

    private static string Out(string name) => Path.Combine(_work, Guid.NewGuid().ToString("N")[..6] + "-" + name);

    private static (int Code, string Stdout, string Stderr) Run(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        int code = HqSamCli.Run(args, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }

    internal static void SavePng(string path, HqSam.Core.Imaging.BgraImage image)
    {
        var info = new SKImageInfo(image.Width, image.Height, SKColorType.Bgra8888, SKAlphaType.Unpremul);
        using var bitmap = new SKBitmap(info);
        image.Pixels.Span.CopyTo(bitmap.GetPixelSpan());
        using SKData data = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        File.WriteAllBytes(path, data.ToArray());
    }

    private static byte[] Png16(int width, int height, bool rgb)
    {
        using var raw = new MemoryStream();
        for (int y = 0; y < height; y++)
        {
            raw.WriteByte(0);
            for (int x = 0; x < width; x++)
            {
                ushort v = (ushort)(x < width / 2 ? 60000 : 2000);
                for (int c = 0; c < (rgb ? 3 : 1); c++)
                {
                    raw.WriteByte((byte)(v >> 8));
                    raw.WriteByte((byte)v);
                }
            }
        }

        // Skia cannot encode 16 bits.
        return HandWrittenPng.Write(width, height, bitDepth: 16, colourType: rgb ? (byte)2 : (byte)0, raw.ToArray());
    }
}
