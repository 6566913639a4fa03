using HqSam.Core.Masks;

namespace HqSam.Tests.Masks;

[TestClass]
public sealed class MaskUnionTests
{
    [TestMethod]
    [DataRow(1)]
    [DataRow(31)]       // shorter than one vector: the scalar tail alone
    [DataRow(64 + 17)]  // vectors and a tail
    [DataRow(4096 * 3 + 5)]
    public void MatchesThePerPixelMaximumWrittenOut(int length)
    {
        var random = new Random(length);
        byte[] union = new byte[length], mask = new byte[length];
        random.NextBytes(union);
        random.NextBytes(mask);
        byte[] naive = new byte[length];
        for (int i = 0; i < length; i++)
        {
            naive[i] = union[i] >= mask[i] ? union[i] : mask[i];
        }

        byte[] before = (byte[])mask.Clone();
        MaskUnion.Into(union, mask);
        CollectionAssert.AreEqual(naive, union);
        CollectionAssert.AreEqual(before, mask, "the added mask is only read");
    }

    [TestMethod]
    public void MasksOfDifferentSizesAreRefused()
    {
        var e = Assert.ThrowsExactly<ArgumentException>(() => MaskUnion.Into(new byte[10], new byte[11]));
        StringAssert.Contains(e.Message, "10 and 11 pixels");
    }
}
