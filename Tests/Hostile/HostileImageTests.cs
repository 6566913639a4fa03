using HqSam.Cli.Imaging;
using HqSam.Core.Caching;
using HqSam.Core.Imaging;
using HqSam.Core.Pipeline;
using HqSam.Core.Prompts;
using HqSam.Tests.Support;

namespace HqSam.Tests.Hostile;

/// <summary>The image rows of the hostile-input matrix: each has a defined result or a named error.</summary>
[TestClass]
public sealed class HostileImageTests
{
    [TestMethod]
    [DataRow(1, 1)]
    [DataRow(1, 777)]
    [DataRow(777, 1)]
    [DataRow(2, 3)]
    public void DegenerateSizesGiveAMaskOfTheirSize(int width, int height)
    {
        BgraImage image = BgraImage.Solid(width, height, 40, 60, 200);
        var predictor = new SamPredictor(TestModelPair.Model, new EmbeddingCache());
        SegmentationResult result = predictor.Segment(image, new SegmentationPrompt([new PointPrompt(0, 0)]));
        Assert.AreEqual((width, height), (result.Mask.Width, result.Mask.Height));
        Assert.AreEqual(width * height, MaskMetrics.Count(result.Mask), "one colour: all of it is the object");
    }

    [TestMethod]
    public void SixteenKSquareIsSegmented()
    {
        const int side = 16384;
        var pixels = new byte[side * side * 4];
        System.Runtime.InteropServices.MemoryMarshal.Cast<byte, uint>(pixels.AsSpan()).Fill(0xFF2040C0); // A R G B = FF 20 40 C0
        var image = new BgraImage(side, side, pixels);
        var predictor = new SamPredictor(TestModelPair.Model, new EmbeddingCache());
        SegmentationResult result = predictor.Segment(image, new SegmentationPrompt([new PointPrompt(side - 1, side - 1)]));
        Assert.AreEqual((long)side * side, result.Mask.SelectedPixelCount);
    }

    [TestMethod]
    public void FullyTransparentLayerSelectsItAllAsOneThing()
    {
        // Transparent pixels are "no signal" whatever colour they store: one uniform region.
        var data = new byte[300 * 200 * 4];
        new Random(3).NextBytes(data);
        for (int i = 3; i < data.Length; i += 4)
        {
            data[i] = 0;
        }

        var predictor = new SamPredictor(TestModelPair.Model, new EmbeddingCache());
        SegmentationResult result = predictor.Segment(new BgraImage(300, 200, data), new SegmentationPrompt([new PointPrompt(150, 100)]));
        Assert.AreEqual(300L * 200, result.Mask.SelectedPixelCount);
    }

    [TestMethod]
    [DataRow("png header only", new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A })]
    [DataRow("jpeg header then noise", new byte[] { 0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, 0x4A, 0x46, 0x49, 0x46, 0x00, 0x13, 0x37, 0x99 })]
    [DataRow("empty", new byte[0])]
    [DataRow("text", new byte[] { 0x68, 0x65, 0x6C, 0x6C, 0x6F })]
    public void CorruptFilesAreNamedErrors(string name, byte[] bytes)
    {
        string path = Path.Combine(TestModelPair.NewFolder("corrupt"), name.Replace(' ', '-') + ".img");
        File.WriteAllBytes(path, bytes);
        var e = Assert.ThrowsExactly<ImageException>(() => ImageFile.Load(path));
        StringAssert.StartsWith(e.Message, path + ": ");
        Assert.DoesNotContain('\n', e.Message);
    }

    [TestMethod]
    public void AHeaderClaimingTooManyPixelsIsRefusedBeforeAnythingIsAllocated()
    {
        // PNG headers (valid IHDR, no pixel data) of sizes around and far beyond the limit, fixed and
        // random: each is one named error, and none costs the memory its header claims.
        string dir = TestModelPair.NewFolder("huge-headers");
        var rng = new Random(2026);
        var sizes = new List<(int W, int H)> { (100000, 100000), (16385, 16384), (16384, 16385), (23171, 23171), (1 << 20, 257), (257, 1 << 20), (65535, 65535) };
        while (sizes.Count < 40)
        {
            int w = rng.Next(1, 1_000_001), h = rng.Next(1, 1_000_001);
            if ((long)w * h > ImageFile.MaxPixels)
            {
                sizes.Add((w, h));
            }
        }

        foreach ((int w, int h) in sizes)
        {
            string path = Path.Combine(dir, $"{w}x{h}.png");
            File.WriteAllBytes(path, PngHeaderOnly(w, h));
            long before = GC.GetAllocatedBytesForCurrentThread();
            var e = Assert.ThrowsExactly<ImageException>(() => ImageFile.Load(path));
            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            if (w <= 1_000_000 && h <= 1_000_000)
            {
                Assert.AreEqual($"{path}: {w}x{h} is larger than HqSam reads (at most 268,435,456 pixels, e.g. 16384x16384)", e.Message);
            }
            else
            {
                // libpng refuses a side over a million itself, before HqSam's check: still one named line.
                StringAssert.StartsWith(e.Message, path + ": ");
                Assert.DoesNotContain('\n', e.Message);
            }

            Assert.IsLessThan(1L << 20, allocated, $"{w}x{h}: {allocated:N0} bytes allocated before the refusal");
        }
    }

    [TestMethod]
    public void TheLimitItselfIsReadNotRefused()
    {
        // 16384x16384 is the largest accepted: a header of that size gets past the size check (and is
        // then found to have no pixel data).
        string path = Path.Combine(TestModelPair.NewFolder("limit-header"), "16384x16384.png");
        File.WriteAllBytes(path, PngHeaderOnly(16384, 16384));
        var e = Assert.ThrowsExactly<ImageException>(() => ImageFile.Load(path));
        StringAssert.StartsWith(e.Message, path + ": ");
        Assert.DoesNotContain("larger than", e.Message);
    }

    /// <summary>A PNG of the given size (8-bit RGBA) whose pixel data stops after a few bytes, as a damaged or hostile file's would.</summary>
    private static byte[] PngHeaderOnly(int width, int height) => HandWrittenPng.Write(width, height, bitDepth: 8, colourType: 6, new byte[16]);

    [TestMethod]
    public void ThousandMutatedImagesNeverEscapeAsUnhandled()
    {
        string dir = TestModelPair.NewFolder("mutated-images");
        string png = Path.Combine(dir, "seed.png");
        Cli.CliTests.SavePng(png, Scene.Standard().Render(48, 32));
        byte[] seed = File.ReadAllBytes(png);
        var rng = new Random(2024);
        int loaded = 0, rejected = 0;
        for (int i = 0; i < 1000; i++)
        {
            byte[] bytes = Mutate(seed, rng);
            string path = Path.Combine(dir, $"m{i}.png");
            File.WriteAllBytes(path, bytes);
            try
            {
                BgraImage image = ImageFile.Load(path);
                Assert.IsTrue(image.Width > 0 && image.Height > 0);
                loaded++;
            }
            catch (ImageException e)
            {
                StringAssert.StartsWith(e.Message, path);
                rejected++;
            }
        }

        Console.WriteLine($"mutated images: {loaded} decoded, {rejected} rejected with a named error");
        Assert.AreEqual(1000, loaded + rejected);
        Assert.IsGreaterThan(0, rejected);
    }

    internal static byte[] Mutate(byte[] seed, Random rng)
    {
        byte[] bytes = (byte[])seed.Clone();
        switch (rng.Next(4))
        {
            case 0: // flip a few bytes
                for (int k = rng.Next(1, 8); k > 0; k--)
                {
                    bytes[rng.Next(bytes.Length)] ^= (byte)rng.Next(1, 256);
                }

                return bytes;
            case 1: // truncate
                return bytes[..rng.Next(bytes.Length)];
            case 2: // overwrite a run with noise
                int at = rng.Next(bytes.Length), length = Math.Min(rng.Next(1, 64), bytes.Length - at);
                rng.NextBytes(bytes.AsSpan(at, length));
                return bytes;
            default: // duplicate a chunk in the middle
                int from = rng.Next(bytes.Length), count = Math.Min(rng.Next(1, 256), bytes.Length - from);
                return [.. bytes[..from], .. bytes.AsSpan(from, count), .. bytes[from..]];
        }
    }
}
