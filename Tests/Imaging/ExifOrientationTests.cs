using HqSam.Core.Imaging;

namespace HqSam.Tests.Imaging;

/// <summary>
/// EXIF orientation, checked against the specification's own table (TIFF/EXIF tag 0x0112): which edge
/// of the upright picture the stored first row and first column become.
/// </summary>
[TestClass]
public sealed class ExifOrientationTests
{
    private const int W = 5, H = 3; // stored size

    [TestMethod]
    [DataRow(1, "top", "left")]
    [DataRow(2, "top", "right")]
    [DataRow(3, "bottom", "right")]
    [DataRow(4, "bottom", "left")]
    [DataRow(5, "left", "top")]
    [DataRow(6, "right", "top")]
    [DataRow(7, "right", "bottom")]
    [DataRow(8, "left", "bottom")]
    public void StoredRowZeroAndColumnZeroLandOnTheEdgesTheTagNames(int orientation, string rowZeroIs, string columnZeroIs)
    {
        BgraImage upright = ExifOrientation.Apply(Numbered(), orientation);
        Assert.AreEqual(ExifOrientation.SwapsAxes(orientation) ? (H, W) : (W, H), (upright.Width, upright.Height));

        // Stored row 0 runs along the named edge, starting at the corner where column 0 is.
        for (int x = 0; x < W; x++)
        {
            Assert.AreEqual(Number(x, 0), At(upright, Walk(upright, rowZeroIs, columnZeroIs, x)), $"stored ({x}, 0)");
        }

        for (int y = 0; y < H; y++)
        {
            Assert.AreEqual(Number(0, y), At(upright, Walk(upright, columnZeroIs, rowZeroIs, y)), $"stored (0, {y})");
        }

        Assert.AreEqual(W * H, Enumerable.Range(0, upright.Width * upright.Height).Select(i => At(upright, (i % upright.Width, i / upright.Width))).Distinct().Count(), "every pixel once");
    }

    [TestMethod]
    public void UnknownValuesLeaveTheImageAsStored()
    {
        BgraImage image = Numbered();
        Assert.AreSame(image, ExifOrientation.Apply(image, 0));
        Assert.AreSame(image, ExifOrientation.Apply(image, 1));
        Assert.AreSame(image, ExifOrientation.Apply(image, 9));
    }

    /// <summary>The k-th pixel along edge <paramref name="edge"/>, counted from the end that touches edge <paramref name="from"/>.</summary>
    private static (int X, int Y) Walk(BgraImage image, string edge, string from, int k)
    {
        int right = image.Width - 1, bottom = image.Height - 1;
        return edge switch
        {
            "top" => (from == "left" ? k : right - k, 0),
            "bottom" => (from == "left" ? k : right - k, bottom),
            "left" => (0, from == "top" ? k : bottom - k),
            "right" => (right, from == "top" ? k : bottom - k),
            _ => throw new ArgumentException(edge),
        };
    }

    private static BgraImage Numbered()
    {
        var pixels = new byte[W * H * 4];
        for (int y = 0; y < H; y++)
        {
            for (int x = 0; x < W; x++)
            {
                BitConverter.TryWriteBytes(pixels.AsSpan(((y * W) + x) * 4), Number(x, y));
            }
        }

        return new BgraImage(W, H, pixels);
    }

    private static int Number(int x, int y) => (y * W) + x + 1;

    private static int At(BgraImage image, (int X, int Y) p) => BitConverter.ToInt32(image.GetRow(p.Y).Slice(p.X * 4, 4));
}
