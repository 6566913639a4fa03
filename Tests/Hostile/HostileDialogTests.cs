using HqSam.Core.Editing;
using HqSam.Core.Imaging;
using HqSam.Core.Masks;

namespace HqSam.Tests.Hostile;

/// <summary>The click dialog's geometry and picture under random abuse: any layer shape, window size, zoom, pan and click.</summary>
[TestClass]
public sealed class HostileDialogTests
{
    [TestMethod]
    public void TenThousandRandomViewOperationsKeepTheViewSaneAndPaintable()
    {
        var rng = new Random(2026);
        int[] sizes = [1, 2, 3, 17, 640, 2500];
        for (int run = 0; run < 40; run++)
        {
            int iw = sizes[rng.Next(sizes.Length)], ih = sizes[rng.Next(sizes.Length)];
            var layer = BgraImage.Solid(iw, ih, 10, 20, 30);
            var model = new ClickDialogModel(iw, ih);
            var preview = new DialogPreview(layer);
            // A mask that is not empty: the picture has both sides and an outline to draw.
            var coverage = new byte[iw * ih];
            for (int i = 0; i < coverage.Length; i += 3)
            {
                coverage[i] = 255;
            }

            for (int op = 0; op < 250; op++)
            {
                switch (rng.Next(6))
                {
                    case 0:
                        model.SetViewport(rng.Next(-5, 1200), rng.Next(-5, 900));
                        break;
                    case 1:
                        model.Geometry.ZoomAt(Odd(rng) ?? Math.Pow(2, (rng.NextDouble() * 8) - 4), Odd(rng) ?? rng.Next(-100, 1300), Odd(rng) ?? rng.Next(-100, 1000));
                        break;
                    case 2:
                        model.Geometry.PanBy(Odd(rng) ?? (rng.NextDouble() - 0.5) * 5000, Odd(rng) ?? (rng.NextDouble() - 0.5) * 5000);
                        break;
                    case 3:
                        model.MouseDown(Odd(rng) ?? rng.Next(-50, 1300), Odd(rng) ?? rng.Next(-50, 1000), (MouseButton)rng.Next(3), rng.Next(2) == 0, rng.Next(4) == 0);
                        model.MouseMove(Odd(rng) ?? rng.Next(-50, 1300), Odd(rng) ?? rng.Next(-50, 1000));
                        model.MouseUp(Odd(rng) ?? rng.Next(-50, 1300), Odd(rng) ?? rng.Next(-50, 1000));
                        break;
                    case 4:
                        _ = rng.Next(2) == 0 ? model.Undo() : model.Redo();
                        break;
                    default:
                        model.Geometry.Fit();
                        break;
                }

                ViewGeometry g = model.Geometry;
                Assert.IsTrue(double.IsFinite(g.Scale) && g.Scale > 0 && double.IsFinite(g.OffsetX) && double.IsFinite(g.OffsetY), $"run {run} op {op}");
                Assert.IsTrue(g.Scale >= g.FitScale * (1 - 1e-9) && g.Scale <= Math.Max(g.FitScale, ViewGeometry.MaxPixelSize) * (1 + 1e-9));
                foreach (var p in model.Points)
                {
                    Assert.IsTrue(p.X >= 0 && p.X < iw && p.Y >= 0 && p.Y < ih, "every point on the layer");
                }

                if (model.Box is { } box)
                {
                    Assert.IsTrue(box.X0 >= 0 && box.X1 <= iw && box.Y0 >= 0 && box.Y1 <= ih && box.Width >= 1 && box.Height >= 1, "every box on the layer");
                }

                // The picture is painted after every step in views up to 0.1 MP, every 25th step in larger ones.
                if (op % 25 == 0 || (long)g.ViewWidth * g.ViewHeight <= 100_000)
                {
                    preview.Fit(g.ViewWidth, g.ViewHeight, g.Scale, g.OffsetX, g.OffsetY);
                    PreviewFrame frame = preview.Compose(Mask.Wrap(coverage, iw, ih));
                    Assert.AreEqual(g.ViewWidth * g.ViewHeight * 4, frame.Pixels.Length);
                }
            }
        }
    }

    /// <summary>One time in eight, a value no input device should send: NaN, ±∞, zero or negative.</summary>
    private static double? Odd(Random rng) => rng.Next(8) == 0 ? rng.Next(5) switch
    {
        0 => double.NaN,
        1 => double.PositiveInfinity,
        2 => double.NegativeInfinity,
        3 => 0,
        _ => -1,
    } : null;
}
