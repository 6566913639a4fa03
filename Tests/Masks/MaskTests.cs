using HqSam.Core.Masks;

namespace HqSam.Tests.Masks;

[TestClass]
public sealed class MaskTests
{
    [TestMethod]
    public void AMaskIsItsSizeAndNothingSelectedUntilWritten()
    {
        var mask = new Mask(7, 3);
        Assert.AreEqual((7, 3, 21), (mask.Width, mask.Height, mask.PixelCount));
        Assert.AreEqual(21, mask.Pixels.Length);
        Assert.AreEqual(0L, mask.SelectedPixelCount);
        Assert.IsTrue(mask.Fits(7, 3));
        Assert.IsFalse(mask.Fits(3, 7));
    }

    [TestMethod]
    public void SelectedMeansCoverageOf128OrMore()
    {
        var mask = Mask.Wrap([0, 127, 128, 200, 255, 1], 3, 2);
        Assert.AreEqual(3L, mask.SelectedPixelCount);
    }

    [TestMethod]
    public void ARentedMaskSeesOnlyItsOwnPixelsThoughThePoolsArrayIsLarger()
    {
        // The pool hands out arrays of at least the size asked for (here 1024 for 1000).
        using Mask mask = Mask.Rent(40, 25);
        Assert.AreEqual(1000, mask.Pixels.Length);
        mask.Pixels.Fill(255);
        Assert.AreEqual(1000L, mask.SelectedPixelCount);
        CollectionAssert.AreEqual(Enumerable.Repeat((byte)255, 1000).ToArray(), mask.ToArray());
    }

    [TestMethod]
    public void ADisposedMaskCannotBeRead()
    {
        Mask rented = Mask.Rent(4, 4);
        rented.Dispose();
        rented.Dispose(); // twice is harmless: the array went back once
        Assert.ThrowsExactly<ObjectDisposedException>(() => _ = rented.Pixels.Length);

        var allocated = new Mask(2, 2);
        allocated.Dispose();
        Assert.ThrowsExactly<ObjectDisposedException>(() => _ = allocated.SelectedPixelCount);
        Assert.AreEqual((2, 2), (allocated.Width, allocated.Height), "its size is still known");
    }

    [TestMethod]
    public void ACloneIsACopyOfItsOwn()
    {
        using Mask rented = Mask.Rent(3, 1);
        rented.Pixels.Fill(255);
        Mask copy = rented.Clone();
        rented.Pixels.Clear();
        CollectionAssert.AreEqual(new byte[] { 255, 255, 255 }, copy.ToArray());
        Assert.AreEqual((3, 1), (copy.Width, copy.Height));
    }

    [TestMethod]
    public void WrapTakesAnArrayOfExactlyTheMasksSize()
    {
        byte[] pixels = [1, 2, 3, 4, 5, 6];
        var mask = Mask.Wrap(pixels, 2, 3);
        mask.Pixels[0] = 9;
        Assert.AreEqual(9, pixels[0], "taken over, not copied");
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => Mask.Wrap(pixels, 4, 2)).Message, "a 4 x 2 mask has 8 pixels, not 6");
        Assert.ThrowsExactly<ArgumentNullException>(() => Mask.Wrap(null!, 1, 1));
    }

    [TestMethod]
    public void SizesOfNothingOrBeyondAnArrayAreRefused()
    {
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new Mask(0, 5));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => Mask.Rent(5, -1));
        Assert.ThrowsExactly<OverflowException>(() => new Mask(65536, 65536));
    }
}
