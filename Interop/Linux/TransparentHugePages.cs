using System.Runtime.InteropServices;

namespace HqSam.Interop.Linux;

/// <summary>
/// Asks Linux to back a large pinned array with 2 MB pages (<c>madvise(MADV_HUGEPAGE)</c>), for the
/// saved graph's bytes, which the encoder's session reads its weights from for as long as it lives.
/// Where transparent huge pages are on only for memory that asks (<c>madvise</c> in
/// <c>/sys/kernel/mm/transparent_hugepage/enabled</c>, as on this machine), an array gets
/// 4 kB pages otherwise: reading the 890 MB graph then faults in about 217,000 pages, and hashing it
/// walks as many page-table entries. On session 14's machine (a VM, 2 cores) reading and hashing it
/// took 3.6-4.0 s with 4 kB pages and 0.6-1.6 s with 2 MB pages (docs/speed.md). Only a hint: where
/// the kernel refuses or lacks it, or on another OS, nothing changes.
/// </summary>
internal static partial class TransparentHugePages
{
    /// <summary>The huge page size on x86-64 and arm64 Linux with 4 kB base pages.</summary>
    internal const int PageSize = 2 << 20;

    private const int MadviseHugePage = 14; // MADV_HUGEPAGE in <asm-generic/mman-common.h>

    /// <summary>
    /// Marks the whole 2 MB pages inside <paramref name="pinned"/> (an array that never moves, not yet
    /// written to: pages already faulted in stay small until the kernel's background merge reaches
    /// them) for huge pages; true when the kernel took the advice.
    /// </summary>
    public static bool Advise(byte[] pinned)
    {
        ArgumentNullException.ThrowIfNull(pinned);
        if (!OperatingSystem.IsLinux() || pinned.Length < 2 * PageSize)
        {
            return false;
        }

        unsafe
        {
            fixed (byte* data = pinned)
            {
                nint start = ((nint)data + PageSize - 1) & ~(nint)(PageSize - 1);
                nint end = ((nint)data + pinned.Length) & ~(nint)(PageSize - 1);
                return end > start && Madvise(start, (nuint)(end - start), MadviseHugePage) == 0;
            }
        }
    }

    [LibraryImport("libc", EntryPoint = "madvise")]
    private static partial int Madvise(nint address, nuint length, int advice);
}
