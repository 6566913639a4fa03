using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace HqSam.Cli;

/// <summary>
/// Which file a path names on disk, so that two paths can be compared the way the file system does:
/// the same file through a symbolic link, a hard link, <c>..</c> or a different spelling is one file.
/// An existing file is identified by its device and inode (Linux) or volume and file index (Windows);
/// a file that does not exist yet by its folder's identity (the folder's device and inode on Linux;
/// elsewhere its path with every linked ancestor resolved) and its name.
/// </summary>
internal readonly partial record struct FileIdentity(string Key)
{
    // A chain of links longer than this is a loop (Linux gives up at 40 too).
    private const int MaxLinks = 40;

    public static FileIdentity Of(string path)
    {
        string full = Path.GetFullPath(path);
        if (File.Exists(full) && NativeKey(full) is { } native)
        {
            return new FileIdentity(native);
        }

        // Not there yet (or no native identity on this OS): the folder it would be written in, whichever
        // of its ancestors is a link, plus its name. Names compare case-insensitively where the file
        // system usually does.
        string name = Path.GetFileName(full);
        string? folder = Path.GetDirectoryName(full);
        string where = folder is null ? string.Empty
            : Directory.Exists(folder) && NativeKey(folder) is { } folderKey ? folderKey
            : "path:" + ResolveLinks(folder);
        string key = where + "/" + name;
        return new FileIdentity(OperatingSystem.IsLinux() ? key : key.ToUpperInvariant());
    }

    /// <summary>
    /// <paramref name="folder"/> (a full path) with every component that is a link replaced by what it
    /// finally points to, from the root down: <c>link/sub</c> with <c>link -> real</c> is <c>real/sub</c>.
    /// Components that do not exist are kept as they are.
    /// </summary>
    internal static string ResolveLinks(string folder) => ResolveLinks(folder, followed: 0);

    private static string ResolveLinks(string folder, int followed)
    {
        string resolved = Path.GetPathRoot(folder) ?? string.Empty;
        foreach (string part in folder[resolved.Length..].Split(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries))
        {
            resolved = Path.Combine(resolved, part);
            try
            {
                if (new DirectoryInfo(resolved) is { LinkTarget: not null } link && link.ResolveLinkTarget(returnFinalTarget: true) is { } target)
                {
                    // The target may itself lie under a link (a relative link's folder, an absolute
                    // target through another link): resolve it the same way.
                    if (++followed > MaxLinks)
                    {
                        return folder;
                    }

                    resolved = ResolveLinks(target.FullName, followed);
                }
            }
            catch (IOException)
            {
                // Unreadable link (a loop, no permission): compare by the path as written.
            }
        }

        return resolved;
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
