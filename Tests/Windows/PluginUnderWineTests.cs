using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
using HqSam.Core.Caching;
using HqSam.Core.Editing;
using HqSam.Core.Imaging;
using HqSam.Core.Masks;
using HqSam.Core.Pipeline;
using HqSam.Core.Prompts;
using HqSam.Core.Selection;
using HqSam.TestModels;
using HqSam.Tests.Cli;
using HqSam.Tests.Contract;
using HqSam.Tests.Support;
using SkiaSharp;

namespace HqSam.Tests.Windows;

/// <summary>
/// The Windows half run for real: the plugin built as install.ps1 builds it, loaded by the stand-in
/// Paint.NET process (tools/PdnHost) in its own load context, in a win-x64 process under Wine with
/// ONNX Runtime's Windows build, its dialogs drawn on an Xvfb display and driven with xdotool.
/// The analytic models are deterministic, and the plugin's Windows build and the CLI's Linux build run
/// the same managed pipeline over the same ONNX Runtime release, so the rendered layer must equal
/// <c>hqsam segment</c>'s mask exactly: no tolerance.
/// </summary>
[TestClass]
[DoNotParallelize] // one Wine desktop, one dialog at a time
public sealed class PluginUnderWineTests
{
    // samples/shapes.png: a red disc (centre 200,240), a green rectangle, a blue square, on gray-blue.
    private static readonly (byte R, byte G, byte B) Disc = (215, 40, 35);
    private static readonly (byte R, byte G, byte B) Square = (30, 60, 200);
    private static readonly (byte R, byte G, byte B) HoverOutline = (DialogPreview.HoverOutline.R, DialogPreview.HoverOutline.G, DialogPreview.HoverOutline.B);
    private static WineDesktop? _desktop;
    private static WindowsBuild? _build;
    private static string? _plugin;

    private static string Shapes => Path.Combine(ModelContractTests.RepositoryRoot(), "samples", "shapes.png");

    /// <summary>Screenshots of every step: the pictures of docs/windows-under-wine.md come from here (docs/screenshots).</summary>
    private static string Screens => Path.Combine(Desktop.Root, "screens");

    private static WineDesktop Desktop => _desktop ?? throw new InvalidOperationException("no desktop");

    private static WindowsBuild Build => _build ?? throw new InvalidOperationException("no build");

    [ClassCleanup]
    public static void StopDesktop()
    {
        string? root = _desktop?.Root;
        _desktop?.Dispose();
        _desktop = null;
        if (root is not null)
        {
            RemoveAllButScreens(root);
        }
    }

    /// <summary>
    /// The Wine prefix and the published plugin are 2 GB a run; left behind, a few runs fill a disk.
    /// The screenshots stay (a few MB), for docs/screenshots.
    /// </summary>
    private static void RemoveAllButScreens(string root)
    {
        foreach (string entry in Directory.EnumerateFileSystemEntries(root).Where(e => Path.GetFileName(e) != "screens").ToList())
        {
            try
            {
                if (Directory.Exists(entry))
                {
                    Directory.Delete(entry, recursive: true);
                }
                else
                {
                    File.Delete(entry);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // A Wine process still holding a file: the next run's folder is another one anyway.
            }
        }
    }

    [TestInitialize]
    public void StartDesktop()
    {
        if (_desktop is null)
        {
            string root = Path.Combine(Path.GetTempPath(), "hqsam-wine-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
            _desktop = WineDesktop.Start(root);
            _build = WindowsBuild.Publish(Path.Combine(root, "build"));
            _plugin = _build.CopyPlugin(Path.Combine(root, "Effects", "HqSam"));
        }

        Desktop.SetDpi(96);
    }

    [TestMethod]
    public void ClickDialogSelectsExcludesUndoesAddsAnObjectAndRendersWhatSegmentMakes()
    {
        // A host that names its rendering adapter (Paint.NET 5.1.9+): the plugin asks for DirectML on it.
        using var run = new HostRun(Desktop, Build, "click", _plugin!, Shapes, "ClickSelectEffect", "--adapter", "0");
        run.WaitForEvent("shown");
        DialogLayout ready = run.WaitForLayout(l => l.Status.StartsWith("Click the object", StringComparison.Ordinal), "ready");
        StringAssert.Contains(ready.Status, "on the CPU: this ONNX Runtime build has no DirectML provider", "a build without DirectML says once why it runs on the CPU");
        run.Screenshot(ready, Path.Combine(Screens, "click-0-open.png"));

        ControlBox canvas = ready.Controls.Single(c => c.Type == "PreviewCanvas");
        (int discX, int discY) = Find(canvas.Bounds, Disc, "click-canvas.png");
        (int squareX, int squareY) = Find(canvas.Bounds, Square, "click-canvas.png");

        // The pointer at rest over the disc, before any click: the disc's outline, and nothing selected.
        Desktop.MoveTo(discX, discY);
        Find(canvas.Bounds, HoverOutline, "click-hover-canvas.png");
        DialogLayout hovering = run.WaitForLayout(l => l.Status.StartsWith("Click the object", StringComparison.Ordinal), "still no point");
        run.Screenshot(hovering, Path.Combine(Screens, "click-0-hover.png"));

        Desktop.Click(discX, discY);
        DialogLayout one = run.WaitForLayout(l => l.Status.StartsWith("1 object point, 0 excluded", StringComparison.Ordinal), "one object point");
        run.Screenshot(one, Path.Combine(Screens, "click-1-object.png"));

        Desktop.Click(squareX, squareY, button: 3);
        DialogLayout excluded = run.WaitForLayout(l => l.Status.StartsWith("1 object point, 1 excluded", StringComparison.Ordinal), "an excluded point");
        run.Screenshot(excluded, Path.Combine(Screens, "click-2-excluded.png"));

        Desktop.Key("ctrl+z");
        DialogLayout undone = run.WaitForLayout(l => l.Status.StartsWith("1 object point, 0 excluded", StringComparison.Ordinal), "the exclusion undone");
        run.Screenshot(undone, Path.Combine(Screens, "click-3-undone.png"));

        // Shift+click on the square: a second object, selected with the disc.
        Desktop.ShiftClick(squareX, squareY);
        DialogLayout two = run.WaitForLayout(l => l.Status.StartsWith("Object 2 of 2: 1 object point, 0 excluded", StringComparison.Ordinal), "a second object");
        run.Screenshot(two, Path.Combine(Screens, "click-4-two-objects.png"));

        (int copyX, int copyY) = two.Find("CheckBox", "Copy the result as a selection").Bounds.Centre;
        Desktop.Click(copyX, copyY);
        (int okX, int okY) = two.Find("Button", "OK").Bounds.Centre;
        Desktop.Click(okX, okY);
        run.WaitForEvent("done");
        run.AssertExitsCleanly();
        Assert.IsFalse(run.Events.Any(e => e.StartsWith("error", StringComparison.Ordinal)), string.Join(" | ", run.Events));
        AssertMenuIcon(run, "ClickSelect");

        // The token holds two objects, the disc's one point (the exclusion was undone) and the square's,
        // and the dialog's finished mask.
        using JsonDocument token = JsonDocument.Parse(File.ReadAllText(Path.Combine(run.Out, "token.json")));
        JsonElement settings = token.RootElement.GetProperty("Settings");
        JsonElement[] earlier = [.. settings.GetProperty("EarlierObjects").EnumerateArray()];
        Assert.HasCount(1, earlier);
        PointPrompt discClick = OnlyPoint(earlier[0].GetProperty("Points")), squareClick = OnlyPoint(settings.GetProperty("Points"));
        Assert.IsTrue(token.RootElement.GetProperty("Finished").GetBoolean(), "OK handed over the dialog's mask");
        Assert.IsGreaterThan(0.9, MaskMetrics.IoU(Segment(discClick), DiscTruth()), "the first click landed on the disc");
        byte[] mask = Segment(discClick, "--object", string.Create(CultureInfo.InvariantCulture, $"{squareClick.X},{squareClick.Y}"));
        Assert.IsGreaterThan(MaskMetrics.Count(DiscTruth()) + 100, MaskMetrics.Count(mask), "the square joined the selection");

        byte[] alpha = Alpha(Path.Combine(run.Out, "result.png"), out bool colourKept);
        CollectionAssert.AreEqual(mask, alpha, "the rendered cut-out's alpha is hqsam segment's mask");
        Assert.IsTrue(colourKept, "the cut-out keeps the layer's colours");

        // "Copy as selection": the clipboard Wine provides holds Paint.NET's selection text, the very text
        // this mask traces to, and pasted back it covers the mask.
        string clipboard = File.ReadAllText(Path.Combine(run.Out, "clipboard.txt"));
        Assert.AreEqual(SelectionClipboard.FromMask(Mask.Wrap(mask, 640, 480)), clipboard);
        byte[] pasted = PolygonRasterizer.Fill(ParseSelection(clipboard), 640, 480);
        byte[] binary = [.. mask.Select(v => v >= 128 ? (byte)255 : (byte)0)];
        Assert.IsGreaterThanOrEqualTo(0.99, MaskMetrics.IoU(binary, pasted), "the simplified outline stays on the mask's edge");
    }

    [TestMethod]
    public void PropertyDialogChangeReachesTheRender()
    {
        using var run = new HostRun(Desktop, Build, "properties", _plugin!, Shapes, "SmartSelectEffect");
        run.WaitForEvent("shown");
        DialogLayout layout = run.WaitForLayout(l => l.Controls.Any(c => c.Name == "Point1"), "the generated dialog");
        (int x, int y) = Find(layout.Find("PictureBox", "Point1").Bounds, Disc, "properties-point1.png");
        Desktop.Click(x, y);
        layout = run.WaitForLayout(l => !l.Find("CheckBox", "Invert").CutOff, "Invert in view");
        (int invertX, int invertY) = layout.Find("CheckBox", "Invert").Bounds.Centre;
        Desktop.Click(invertX, invertY);
        layout = run.WaitForLayout(_ => true, "the layout");
        run.Screenshot(layout, Path.Combine(Screens, "properties.png"));
        (int okX, int okY) = layout.Find("Button", "OK").Bounds.Centre;
        Desktop.Click(okX, okY);
        run.WaitForEvent("done");
        run.AssertExitsCleanly();
        AssertMenuIcon(run, "SmartSelect");

        using JsonDocument token = JsonDocument.Parse(File.ReadAllText(Path.Combine(run.Out, "token.json")));
        Assert.AreEqual("True", token.RootElement.GetProperty("Invert").ToString());
        double[] pan = [.. token.RootElement.GetProperty("Point1").EnumerateArray().Select(v => v.GetDouble())];
        PointPrompt point = DialogGeometry.ToPoint(pan[0], pan[1], new PixelRect(0, 0, 640, 480), positive: true);
        Assert.IsGreaterThan(0.9, MaskMetrics.IoU(Segment(point), DiscTruth()), "the pan control's point is on the disc");
        CollectionAssert.AreEqual(Segment(point, "--invert"), Alpha(Path.Combine(run.Out, "result.png"), out _), "Invert, changed in the dialog, reached the render");
    }

    [TestMethod]
    public void OnnxRuntimeLoadsFromThePluginFolderAndItsAbsenceIsOneLine()
    {
        string[] render = ["--no-dialog", "--set", "Point1=-0.373,0"]; // pan value of x = 200 on a 640-wide layer

        // install.ps1's layout keeps runtimes/win-x64/native (the other tests); a flat copy beside the DLL works too.
        string flat = Build.CopyPlugin(Path.Combine(Desktop.Root, "Effects", "flat"));
        File.Move(Path.Combine(flat, "runtimes", "win-x64", "native", "onnxruntime.dll"), Path.Combine(flat, "onnxruntime.dll"));
        Directory.Delete(Path.Combine(flat, "runtimes"), recursive: true);
        using (var ok = new HostRun(Desktop, Build, "flat", flat, Shapes, "SmartSelectEffect", render))
        {
            ok.AssertExitsCleanly();
            Assert.IsFalse(ok.Events.Any(e => e.StartsWith("error", StringComparison.Ordinal)), string.Join(" | ", ok.Events));
            Assert.IsGreaterThan(0.9, MaskMetrics.IoU(Alpha(Path.Combine(ok.Out, "result.png"), out _), DiscTruth()));
        }

        string missing = Build.CopyPlugin(Path.Combine(Desktop.Root, "Effects", "missing"));
        foreach (string dll in Directory.GetFiles(missing, "onnxruntime.dll", SearchOption.AllDirectories))
        {
            File.Delete(dll);
        }

        using var run = new HostRun(Desktop, Build, "missing", missing, Shapes, "SmartSelectEffect", render);
        run.AssertExitsCleanly("the host, which must survive,");
        string[] errors = [.. run.Events.Where(e => e.StartsWith("error", StringComparison.Ordinal))];
        Assert.HasCount(1, errors, string.Join(" | ", run.Events));
        StringAssert.StartsWith(errors[0], $"error: Smart Select: onnxruntime.dll is not in {WineDesktop.WindowsPath(missing)}", "one line naming the plugin's folder, not a type initializer's exception");
        Assert.IsTrue(Alpha(Path.Combine(run.Out, "result.png"), out bool kept).All(a => a == 255) && kept, "the layer is written back unchanged");
    }

    [TestMethod]
    public void AfterARestartTheEffectTakesTheLayersEmbeddingFromTheDiskCache()
    {
        string[] render = ["--no-dialog", "--set", "Point1=-0.373,0"]; // pan value of x = 200 on a 640-wide layer
        string cache = Path.Combine(Desktop.Root, "embedding-cache");
        string plugin = Build.CopyPlugin(Path.Combine(Desktop.Root, "Effects", "cached"));
        byte[] first;
        using (var run = HostRun.WithCache(Desktop, Build, "cache-1", plugin, Shapes, "SmartSelectEffect", cache, render))
        {
            run.AssertExitsCleanly();
            first = Alpha(Path.Combine(run.Out, "result.png"), out _);
            Assert.IsGreaterThan(0.9, MaskMetrics.IoU(first, DiscTruth()), "the first opening encodes and selects the disc");
        }

        // What the first process left, replaced under the same key by the embedding of a flat gray
        // picture (valid, checksummed): a second process that reads the entry selects everything
        // around the click; one that encoded the layer again would select the disc.
        var disk = new EmbeddingDiskCache(cache);
        EmbeddingDiskEntry entry = disk.List().Single();
        var gray = new BgraImage(640, 480, Enumerable.Repeat((byte)128, 640 * 480 * 4).ToArray());
        disk.Save(entry.Key, new SamPredictor(TestModelPair.Model, new EmbeddingCache()).GetEmbedding(gray));

        using (var run = HostRun.WithCache(Desktop, Build, "cache-2", plugin, Shapes, "SmartSelectEffect", cache, render))
        {
            run.AssertExitsCleanly();
            byte[] second = Alpha(Path.Combine(run.Out, "result.png"), out _);
            Assert.IsGreaterThan(0.9 * second.Length, second.Count(a => a >= 128), "the restarted effect decoded the entry on disk, not a fresh encode");
        }

        Assert.AreEqual(1, disk.List().Count, "nothing encoded and stored again");
    }

    [TestMethod]
    public void ClosingTheDialogDuringAnEncodeReturnsPromptlyAndWritesNothing()
    {
        // An encoder that takes minutes under Wine: the dialog is closed while ONNX Runtime is inside it.
        string slow = Build.CopyPlugin(Path.Combine(Desktop.Root, "Effects", "slow"), TestModelPair.WriteVariant(new TestModelOptions { SlowEncoderSteps = 3000 }));
        using var run = new HostRun(Desktop, Build, "cancel", slow, Shapes, "ClickSelectEffect");
        run.WaitForEvent("shown");
        run.WaitForLayout(l => l.Status.StartsWith("Preparing this layer", StringComparison.Ordinal), "encoding");
        Thread.Sleep(1000);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        Desktop.Key("Escape");
        Assert.AreEqual(3, run.WaitForExit(TimeSpan.FromSeconds(20)), "the dialog closed as cancelled: " + string.Join(" | ", run.Events));
        Assert.IsLessThan(20.0, clock.Elapsed.TotalSeconds);
        Assert.Contains("closed Cancel", run.Events);
        Assert.IsFalse(File.Exists(Path.Combine(run.Out, "result.png")), "nothing rendered");
        Assert.IsFalse(File.Exists(Path.Combine(run.Out, "token.json")), "nothing committed");
    }

    [TestMethod]
    [DataRow(96)]
    [DataRow(144)]
    public void ClickDialogAtItsSmallestSizeCutsNothingOff(int dpi)
    {
        Desktop.SetDpi(dpi);
        using var run = new HostRun(Desktop, Build, $"smallest-{dpi}", _plugin!, Shapes, "ClickSelectEffect", "--dialog-size", "min");
        run.WaitForEvent("shown");
        DialogLayout layout = run.WaitForLayout(l => l.Status.StartsWith("Click the object", StringComparison.Ordinal), "ready");
        Assert.AreEqual(dpi, layout.Dpi, "the dialog runs at the desktop's scale");
        string[] cut = [.. layout.Controls.Where(c => c.CutOff).Select(c => $"{c.Type} '{c.Text}' at {c.Bounds}")];
        run.Screenshot(layout, Path.Combine(Screens, $"click-smallest-{dpi}.png"));
        Assert.IsEmpty(cut, "cut off: " + string.Join("; ", cut));
    }

    /// <summary>The centroid, in screen pixels, of the pixels of one colour inside a screen rectangle.</summary>
    private static (int X, int Y) Find(Rect area, (byte R, byte G, byte B) colour, string name)
    {
        string shot = Path.Combine(Screens, name);
        long sx = 0, sy = 0, n = 0;
        for (int attempt = 0; attempt < 20 && n <= 50; attempt++)
        {
            Thread.Sleep(attempt * 100); // a window can be laid out before it is painted
            Desktop.Screenshot(shot, area.X, area.Y, area.W, area.H);
            (sx, sy, n) = Centroid(shot, colour);
        }

        Assert.IsGreaterThan(50L, n, $"{colour} is not on the screen in {area}");
        return (area.X + (int)(sx / n), area.Y + (int)(sy / n));
    }

    /// <summary>
    /// The effect the host created (as Paint.NET does, through its public constructor) handed over a menu
    /// icon that GDI+ decoded from the plugin's resources: pixel for pixel the plugin's icon file.
    /// </summary>
    private static void AssertMenuIcon(HostRun run, string name)
    {
        Assert.Contains("icon: 16x16", run.Events, string.Join(" | ", run.Events));
        using SKBitmap shown = SKBitmap.Decode(Path.Combine(run.Out, "icon.png"));
        using SKBitmap file = SKBitmap.Decode(Path.Combine(ModelContractTests.RepositoryRoot(), "Plugin", "Icons", name + ".png"));
        Assert.AreEqual((file.Width, file.Height), (shown.Width, shown.Height));
        int opaque = 0;
        for (int y = 0; y < file.Height; y++)
        {
            for (int x = 0; x < file.Width; x++)
            {
                Assert.AreEqual(file.GetPixel(x, y), shown.GetPixel(x, y), $"{name} icon at {x},{y}");
                opaque += file.GetPixel(x, y).Alpha == 255 ? 1 : 0;
            }
        }

        Assert.IsGreaterThan(40, opaque, "the icon is not blank");
    }

    private static (long SumX, long SumY, long Count) Centroid(string shot, (byte R, byte G, byte B) colour)
    {
        using SKBitmap bitmap = SKBitmap.Decode(shot);
        long sx = 0, sy = 0, n = 0;
        for (int y = 0; y < bitmap.Height; y++)
        {
            for (int x = 0; x < bitmap.Width; x++)
            {
                SKColor c = bitmap.GetPixel(x, y);
                if (Math.Abs(c.Red - colour.R) + Math.Abs(c.Green - colour.G) + Math.Abs(c.Blue - colour.B) < 24)
                {
                    (sx, sy, n) = (sx + x, sy + y, n + 1);
                }
            }
        }

        return (sx, sy, n);
    }

    /// <summary><c>hqsam segment</c> (Linux) with the analytic models: the mask, as bytes.</summary>
    private static byte[] Segment(PointPrompt point, params string[] extra)
    {
        string output = Path.Combine(Desktop.Root, "segment-" + Guid.NewGuid().ToString("N")[..8] + ".png");
        string at = string.Create(CultureInfo.InvariantCulture, $"{point.X},{point.Y}");
        (int code, _, string stderr) = CliRunner.Run(["segment", "--image", Shapes, "--models", Path.Combine(ModelContractTests.RepositoryRoot(), "samples", "models"), "--point", at, "--out", output, .. extra]);
        Assert.AreEqual(0, code, stderr);
        using SKBitmap gray = SKBitmap.Decode(output);
        return [.. Enumerable.Range(0, gray.Width * gray.Height).Select(i => gray.GetPixel(i % gray.Width, i / gray.Width).Red)];
    }

    private static PointPrompt OnlyPoint(JsonElement points)
    {
        JsonElement[] all = [.. points.EnumerateArray()];
        Assert.HasCount(1, all);
        Assert.IsTrue(all[0].GetProperty("Positive").GetBoolean());
        return new PointPrompt(all[0].GetProperty("X").GetSingle(), all[0].GetProperty("Y").GetSingle());
    }

    private static byte[] DiscTruth()
    {
        using SKBitmap source = SKBitmap.Decode(Shapes);
        return [.. Enumerable.Range(0, source.Width * source.Height).Select(i => source.GetPixel(i % source.Width, i / source.Width) == new SKColor(Disc.R, Disc.G, Disc.B) ? (byte)255 : (byte)0)];
    }

    /// <summary>The rendered layer's alpha; <paramref name="colourKept"/>: every opaque pixel has the source's colour.</summary>
    private static byte[] Alpha(string path, out bool colourKept)
    {
        using SKBitmap result = SKBitmap.Decode(path);
        using SKBitmap source = SKBitmap.Decode(Shapes);
        var alpha = new byte[result.Width * result.Height];
        colourKept = true;
        for (int i = 0; i < alpha.Length; i++)
        {
            SKColor c = result.GetPixel(i % result.Width, i / result.Width);
            alpha[i] = c.Alpha;
            colourKept &= c.Alpha != 255 || c == source.GetPixel(i % result.Width, i / result.Width);
        }

        return alpha;
    }

    /// <summary>Paint.NET's selection text, <c>{"polygonList":["x1,y1,x2,y2,...", ...]}</c>, as polygons.</summary>
    private static List<Polygon> ParseSelection(string text)
    {
        using JsonDocument doc = JsonDocument.Parse(text);
        return [.. doc.RootElement.GetProperty("polygonList").EnumerateArray()
            .Select(p => new Polygon([.. p.GetString()!.Split(',').Select(v => int.Parse(v, CultureInfo.InvariantCulture))]))];
    }
}
