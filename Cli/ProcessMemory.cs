using System.Runtime.InteropServices;

namespace HqSam.Cli;

/// <summary>
/// glibc's allocator raises its mmap threshold each time a large block is freed, so after ONNX
/// Runtime has parsed an 850 MB model (hundreds of weight buffers of a few MB, freed once the session
/// holds its own copies) later blocks of that size come from the heap and stay resident after they
/// are freed. Fixing the threshold at glibc's default returns such blocks to the system as they are
/// freed. Measured on the reference pair, a 12 MP <c>hqsam segment</c> (peak resident memory):
/// 2.56-2.69 GB before; 2.24 GB with the threshold fixed; 2.14 GB when the encoder is also released
/// before the decode; 1.97 GB with the encoder's arena off on top (without the fixed threshold that
/// setting alone varied between 2.05 and 2.48 GB); 2.15 GB with the arena on and given back after the
/// encode (<see cref="Interop.Onnx.SessionSettings.EncoderArena"/>, the default since session 13: every
/// block returned here is a block whose pages the next tensor faults in again, and on a machine where
/// that is dear the encode took half as long again without the arena).
/// </summary>
internal static partial class ProcessMemory
{
    private const int MmapThreshold = -3; // M_MMAP_THRESHOLD in glibc's malloc.h
    private const int GlibcDefaultThreshold = 128 * 1024;

    [LibraryImport("libc", EntryPoint = "mallopt")]
    private static partial int MallOpt(int parameter, int value);

    /// <summary>Once, before the model loads. Linux with glibc only; elsewhere (Windows, musl) nothing changes.</summary>
    public static void ReturnLargeFreedBlocks()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        try
        {
            MallOpt(MmapThreshold, GlibcDefaultThreshold);
        }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
        {
            // Not glibc: its allocator has no such threshold to fix.
        }
    }
}
