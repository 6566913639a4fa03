using HqSam.Core.Imaging;
using HqSam.Core.Pipeline;
using HqSam.Core.Prompts;

namespace HqSam.TestModels.Quality;

/// <summary>
/// What looking closer buys on a small object, with the same stand-in for the model in both views:
/// the logits a model would give at 256² over the whole image, and over the crop square the predictor
/// would encode (each degraded in its own cells, as a model errs in its own resolution).
/// </summary>
public sealed record ZoomComparison(string Scene, int CropSide, RefinementResult Whole, RefinementResult Zoomed)
{
    public static ZoomComparison Measure(PhotoScene scene, LogitKind logits)
    {
        int w = scene.Image.Width, h = scene.Image.Height;
        RefinementResult whole = RefinementResult.Default(scene);
        var click = new SegmentationPrompt([new PointPrompt(w / 2f, h / 2f)]);
        ZoomRegion crop = ZoomRegion.Find(RefinementResult.Plain(scene), w, h, click)
            ?? throw new InvalidOperationException($"{scene.Name}: the object is not small enough to zoom");

        // The crop's truth, its own logits, its own plain mask and refinement, pasted back.
        var cropTruth = new byte[crop.Width * crop.Height];
        for (int y = 0; y < crop.Height; y++)
        {
            scene.Truth.AsSpan(((crop.Y + y) * w) + crop.X, crop.Width).CopyTo(cropTruth.AsSpan(y * crop.Width, crop.Width));
        }

        float[] cropLogits = PhotoScene.LogitsFor(cropTruth, crop.Width, crop.Height, logits);
        BgraImage cropImage = crop.Of(scene.Image);
        var cropScene = new PhotoScene(scene.Name + " (crop)", cropImage, cropTruth, cropLogits);
        RefinementResult inCrop = RefinementResult.Default(cropScene);
        var mask = new byte[w * h];
        crop.Paste(inCrop.Mask, mask, w);
        RefinementResult zoomed = RefinementResult.Measure("zoomed", scene, m => mask.CopyTo(m, 0));
        return new ZoomComparison(scene.Name, crop.Width, whole, zoomed);
    }
}
