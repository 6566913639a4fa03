using System.Globalization;
using System.IO.Hashing;
using HqSam.Interop.Linux;
using HqSam.Interop.Sessions;
using HqSam.Tests.Support;

namespace HqSam.Tests.Interop;

/// <summary>
/// The saved graph's bytes are asked to live on huge pages (<see cref="TransparentHugePages"/>): what
/// the kernel records for the array's memory is read back from <c>/proc/self/smaps</c>, where a range
/// advised with <c>MADV_HUGEPAGE</c> carries the <c>hg</c> flag whether or not huge pages were free.
/// </summary>
[TestClass]
public sealed class TransparentHugePagesTests
{
    private const int Size = 8 << 20;

    /// <summary>Whether this kernel has transparent huge pages at all (else the advice is refused).</summary>
    private static bool KernelHasThem => OperatingSystem.IsLinux() && Directory.Exists("/sys/kernel/mm/transparent_hugepage");

    [TestMethod]
    public void ALargePinnedArrayIsMarkedForHugePages()
    {
        byte[] bytes = GC.AllocateUninitializedArray<byte>(Size, pinned: true);
        Assert.AreEqual(KernelHasThem, TransparentHugePages.Advise(bytes));
        if (KernelHasThem)
        {
            Assert.IsTrue(MarkedForHugePages(bytes), "the array's whole 2 MB pages carry the advice");
        }
    }

    [TestMethod]
    public void AnArrayWithoutAWholeHugePageInsideIsLeftAlone()
    {
        byte[] bytes = GC.AllocateUninitializedArray<byte>((2 * TransparentHugePages.PageSize) - 1, pinned: true);
        Assert.IsFalse(TransparentHugePages.Advise(bytes));
    }

    [TestMethod]
    public void ASavedGraphIsReadIntoMemoryMarkedForHugePages()
    {
        var content = new byte[Size];
        new Random(14).NextBytes(content);
        string folder = TestModelPair.NewFolder("graphs-huge-pages");
        string path = Path.Combine(folder, $"encoder-key.{Convert.ToHexStringLower(XxHash128.Hash(content))}{SavedGraph.Extension}");
        File.WriteAllBytes(path, content);

        byte[]? read = SavedGraph.TryRead(path, out bool damaged);
        Assert.IsFalse(damaged);
        Assert.IsNotNull(read);
        CollectionAssert.AreEqual(content, read);
        Assert.AreEqual(KernelHasThem, MarkedForHugePages(read), "the bytes the session keeps are asked to live on huge pages");
    }

    /// <summary>Whether the mapping holding the array's first whole 2 MB page has the <c>hg</c> (MADV_HUGEPAGE) flag.</summary>
    private static unsafe bool MarkedForHugePages(byte[] bytes)
    {
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }

        ulong address;
        fixed (byte* data = bytes)
        {
            address = ((ulong)data + TransparentHugePages.PageSize - 1) & ~(ulong)(TransparentHugePages.PageSize - 1);
        }

        bool inside = false;
        foreach (string line in File.ReadLines("/proc/self/smaps"))
        {
            int dash = line.IndexOf('-', StringComparison.Ordinal), space = line.IndexOf(' ', StringComparison.Ordinal);
            if (dash > 0 && space > dash && ulong.TryParse(line.AsSpan(0, dash), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out ulong start)
                && ulong.TryParse(line.AsSpan(dash + 1, space - dash - 1), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out ulong end))
            {
                inside = start <= address && address < end;
            }
            else if (inside && line.StartsWith("VmFlags:", StringComparison.Ordinal))
            {
                return line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Contains("hg");
            }
        }

        return false;
    }
}
