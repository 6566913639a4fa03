using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace HqSam.Cli;

/// <summary>
/// Which file a path names on disk, so that two paths can be compared the way the file system does:
/// the same file through a symbolic link, a hard link, <c>..</c> or a different spelling is one file.
/// An existing file is identified by its device and inode (Linux) or volume and file index (Windows);
/// a file that does not exist yet by its full path inside its resolved folder.
/// </summary>
internal readonly partial record struct FileIdentity(string Key)
{
    public static FileIdentity Of(string path)
    {
        string full = Path.GetFullPath(path);
        if (File.Exists(full) && NativeKey(full) is { } native)
        {
            return new FileIdentity(native);
        }

        // Not there yet (or no native identity on this OS): its folder with links resolved, plus its
        // name. Names compare case-insensitively where the file system usually does.
        string? folder = Path.GetDirectoryName(full);
        string resolved = folder is not null && Directory.Exists(folder) ? ResolveLinks(folder) : folder ?? string.Empty;
        string key = Path.Combine(resolved, Path.GetFileName(full));
        return new FileIdentity("path:" + (OperatingSystem.IsLinux() ? key : key.ToUpperInvariant()));
    }

    private static string ResolveLinks(string folder)
    {
        try
        {
            return new DirectoryInfo(folder).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? folder;
        }
        catch (IOException)
        {
            return folder;
        }
    }

    private static string? NativeKey(string path)
    {
        try
        {
            if (OperatingSystem.IsLinux())
            {
                return LinuxKey(path);
            }

            if (OperatingSystem.IsWindows())
            {
                return WindowsKey(path);
            }
        }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException or IOException or UnauthorizedAccessException)
        {
            // Falls back to comparing paths.
        }

        return null;
    }

    // Linux (glibc 2.33+ and musl export stat): struct stat starts with st_dev then st_ino, both
    // 64-bit, on x86-64 and arm64 alike. The buffer is larger than any struct stat.
    private static unsafe string? LinuxKey(string path)
    {
        byte* buffer = stackalloc byte[256];
        if (Stat(path, buffer) != 0)
        {
            return null;
        }

        return $"dev:{*(ulong*)buffer}:ino:{*(ulong*)(buffer + 8)}";
    }

    [LibraryImport("libc", EntryPoint = "stat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static unsafe partial int Stat(string path, byte* buffer);

    private static string? WindowsKey(string path)
    {
        using SafeFileHandle handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        return GetFileInformationByHandle(handle, out ByHandleFileInformation info)
            ? $"vol:{info.VolumeSerialNumber}:idx:{((ulong)info.FileIndexHigh << 32) | info.FileIndexLow}"
            : null;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct ByHandleFileInformation
    {
        public uint FileAttributes;
        public FileTime CreationTime;
        public FileTime LastAccessTime;
        public FileTime LastWriteTime;
        public uint VolumeSerialNumber;
        public uint FileSizeHigh;
        public uint FileSizeLow;
        public uint NumberOfLinks;
        public uint FileIndexHigh;
        public uint FileIndexLow;
    }

    // FILETIME is two DWORDs (4-byte aligned), not a 64-bit integer.
    [StructLayout(LayoutKind.Sequential)]
    private struct FileTime
    {
        public uint Low;
        public uint High;
    }

    [LibraryImport("kernel32.dll", SetLastError = true)]
    [return: MarshalAs(UnmanagedType.Bool)]
    private static partial bool GetFileInformationByHandle(SafeFileHandle file, out ByHandleFileInformation information);
}
