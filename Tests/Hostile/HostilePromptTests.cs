using HqSam.Core;
using HqSam.Core.Caching;
using HqSam.Core.Contract;
using HqSam.Core.Imaging;
using HqSam.Core.Pipeline;
using HqSam.Core.Prompts;
using HqSam.Tests.Support;

namespace HqSam.Tests.Hostile;

/// <summary>The prompt rows of the hostile-input matrix, and a fuzz run of random prompt sets.</summary>
[TestClass]
public sealed class HostilePromptTests
{
    [TestMethod]
    public void AHundredPointsDecode()
    {
        Scene scene = Scene.Standard();
        BgraImage image = scene.Render(500, 400);
        var rng = new Random(5);
        (float cx, float cy) = scene.Centre(1, 500, 400);
        var points = Enumerable.Range(0, 100).Select(_ => new PointPrompt(cx + rng.Next(-30, 30), cy + rng.Next(-30, 30))).ToList();
        var predictor = new SamPredictor(TestModelPair.Model, new EmbeddingCache());
        SegmentationResult result = predictor.Segment(image, new SegmentationPrompt(points));
        Assert.IsGreaterThanOrEqualTo(0.95, MaskMetrics.IoU(result.Mask, scene.Truth(1, 500, 400)));
    }

    [TestMethod]
    public void TenThousandRandomPromptSetsEndInAMaskOrAPromptError()
    {
        const int w = 48, h = 36;
        BgraImage image = Scene.Standard().Render(w, h);
        var predictor = new SamPredictor(TestModelPair.Model, new EmbeddingCache());
        var rng = new Random(99);
        int masks = 0, errors = 0;
        var mask = new byte[w * h];
        ImageEmbedding embedding = predictor.GetEmbedding(image);
        for (int i = 0; i < 10_000; i++)
        {
            SegmentationPrompt prompt = RandomPrompt(rng, w, h);
            try
            {
                predictor.Decode(embedding, w, h, prompt, mask);
                masks++;
            }
            catch (PromptException e)
            {
                Assert.DoesNotContain('\n', e.Message);
                errors++;
            }
        }

        Console.WriteLine($"random prompts: {masks} decoded, {errors} rejected with a prompt error");
        Assert.AreEqual(10_000, masks + errors);
        Assert.IsGreaterThan(1000, masks, "enough valid sets reach the decoder");
        Assert.IsGreaterThan(1000, errors, "enough hostile sets reach validation");
    }

    private static SegmentationPrompt RandomPrompt(Random rng, int w, int h)
    {
        float Coordinate(int size) => rng.Next(20) switch
        {
            0 => float.NaN,
            1 => float.PositiveInfinity,
            2 => -rng.Next(1, 1000),
            3 => size + rng.Next(0, 1000),
            4 => 1e30f,
            _ => (float)(rng.NextDouble() * size),
        };

        int count = rng.Next(10) == 0 ? rng.Next(0, 120) : rng.Next(0, 5);
        var points = Enumerable.Range(0, count).Select(_ => new PointPrompt(Coordinate(w), Coordinate(h), rng.Next(3) > 0)).ToList();
        BoxPrompt? box = rng.Next(3) == 0 ? new BoxPrompt(Coordinate(w), Coordinate(h), Coordinate(w), Coordinate(h)) : null;
        if (rng.Next(8) == 0 && box is { } b)
        {
            box = new BoxPrompt(b.X0, b.Y0, b.X0, b.Y1); // zero width
        }

        return new SegmentationPrompt(points, box);
    }
}
