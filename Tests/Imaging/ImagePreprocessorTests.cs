using HqSam.Core.Caching;
using HqSam.Core.Contract;
using HqSam.Core.Imaging;
using HqSam.Tests.Support;

namespace HqSam.Tests.Imaging;

[TestClass]
public sealed class ImagePreprocessorTests
{
    private const int Plane = 1024 * 1024;

    [TestMethod]
    [DataRow(37, 23)]     // upscale, odd sizes
    [DataRow(1500, 700)]  // downscale x, upscale y
    [DataRow(2100, 3000)] // downscale both
    public void FastPathMatchesTheDefinition(int width, int height)
    {
        BgraImage image = Noise(width, height, seed: width + height, opaque: true);
        float[] tensor = new float[ImagePreprocessor.TensorLength];
        new ImagePreprocessor().Run(image, tensor);

        var rng = new Random(7);
        for (int k = 0; k < 40; k++)
        {
            int c = rng.Next(3), oy = rng.Next(1024), ox = rng.Next(1024);
            double expected = NaiveReference.Preprocessed(image, c, oy, ox);
            Assert.AreEqual(expected, tensor[(c * Plane) + (oy * 1024) + ox], 2e-4, $"channel {c} at ({ox}, {oy})");
        }
    }

    [TestMethod]
    public void TransparentPixelsAreCompositedOverTheMeanColour()
    {
        BgraImage image = Noise(300, 200, seed: 3, opaque: false);
        float[] tensor = new float[ImagePreprocessor.TensorLength];
        new ImagePreprocessor().Run(image, tensor);
        var rng = new Random(11);
        for (int k = 0; k < 40; k++)
        {
            int c = rng.Next(3), oy = rng.Next(1024), ox = rng.Next(1024);
            Assert.AreEqual(NaiveReference.Preprocessed(image, c, oy, ox), tensor[(c * Plane) + (oy * 1024) + ox], 2e-4);
        }

        // A fully transparent image is "no signal": exactly zero, whatever colour its pixels store.
        new ImagePreprocessor().Run(BgraImage.Solid(50, 40, 255, 0, 255, 0), tensor);
        Assert.AreEqual(0f, tensor.Max(MathF.Abs), 1e-6f);
    }

    [TestMethod]
    public void ChannelsAreRgbAndNormalisedWithImageNetStatistics()
    {
        // BGRA bytes of R=200, G=100, B=50.
        BgraImage image = BgraImage.Solid(64, 64, b: 50, g: 100, r: 200);
        float[] tensor = new float[ImagePreprocessor.TensorLength];
        new ImagePreprocessor().Run(image, tensor);
        Assert.AreEqual(((200 / 255f) - 0.485f) / 0.229f, tensor[12345], 1e-5f, "plane 0 is red");
        Assert.AreEqual(((100 / 255f) - 0.456f) / 0.224f, tensor[Plane + 12345], 1e-5f, "plane 1 is green");
        Assert.AreEqual(((50 / 255f) - 0.406f) / 0.225f, tensor[(2 * Plane) + 12345], 1e-5f, "plane 2 is blue");
    }

    [TestMethod]
    public void WideImagesAreStretchedNotPadded()
    {
        // 400x100: left half red, right half blue. Stretched, the tensor's left half is red down to the
        // last row; padded (aspect kept) the bottom three quarters would be padding.
        var scene = new Scene(0, 0, 255).Rect(0, 0, 0.5, 1, 255, 0, 0);
        BgraImage image = scene.Render(400, 100);
        float[] tensor = new float[ImagePreprocessor.TensorLength];
        new ImagePreprocessor().Run(image, tensor);
        float red = ((255 / 255f) - 0.485f) / 0.229f;
        float noRed = (0 - 0.485f) / 0.229f;
        foreach (int row in new[] { 0, 511, 1023 })
        {
            Assert.AreEqual(red, tensor[(row * 1024) + 200], 1e-4f, $"row {row}, left");
            Assert.AreEqual(noRed, tensor[(row * 1024) + 800], 1e-4f, $"row {row}, right");
        }
    }

    [TestMethod]
    public void EncoderSeesTheTensorAsTheContractSays()
    {
        // Through the real session: image_embed's first three channels are 16x16 block means of R, G, B.
        BgraImage image = BgraImage.Solid(333, 77, b: 10, g: 120, r: 240);
        float[] tensor = new float[ImagePreprocessor.TensorLength];
        new ImagePreprocessor().Run(image, tensor);
        var embedding = new ImageEmbedding();
        TestModelPair.Model.Encode(tensor, embedding);
        Assert.AreEqual(((240 / 255f) - 0.485f) / 0.229f, embedding.ImageEmbed[100], 1e-4f);
        Assert.AreEqual(((120 / 255f) - 0.456f) / 0.224f, embedding.ImageEmbed[4096 + 100], 1e-4f);
        Assert.AreEqual(((10 / 255f) - 0.406f) / 0.225f, embedding.ImageEmbed[(2 * 4096) + 100], 1e-4f);
        Assert.AreEqual(0f, embedding.ImageEmbed[(3 * 4096) + 100]);
    }

    [TestMethod]
    public void CancellationStopsThePass()
    {
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        float[] tensor = new float[ImagePreprocessor.TensorLength];
        Assert.ThrowsExactly<OperationCanceledException>(() => new ImagePreprocessor().Run(BgraImage.Solid(2000, 2000, 1, 2, 3), tensor, cts.Token));
    }

    [TestMethod]
    public void StridedImagesReadOnlyTheirPixels()
    {
        BgraImage tight = Noise(101, 67, seed: 5, opaque: true);
        int stride = (101 * 4) + 36;
        var padded = new byte[stride * 67];
        Array.Fill(padded, (byte)0x5A);
        for (int y = 0; y < 67; y++)
        {
            tight.GetRow(y).CopyTo(padded.AsSpan(y * stride));
        }

        float[] a = new float[ImagePreprocessor.TensorLength], b = new float[ImagePreprocessor.TensorLength];
        new ImagePreprocessor().Run(tight, a);
        new ImagePreprocessor().Run(new BgraImage(101, 67, padded, stride), b);
        CollectionAssert.AreEqual(a, b);
        Assert.AreEqual(EmbeddingKey.HashContent(tight), EmbeddingKey.HashContent(new BgraImage(101, 67, padded, stride)));
    }

    internal static BgraImage Noise(int width, int height, int seed, bool opaque)
    {
        var rng = new Random(seed);
        var data = new byte[width * height * 4];
        rng.NextBytes(data);
        if (opaque)
        {
            for (int i = 3; i < data.Length; i += 4)
            {
                data[i] = 255;
            }
        }

        return new BgraImage(width, height, data);
    }
}
