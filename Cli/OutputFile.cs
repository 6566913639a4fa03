using HqSam.Core;

namespace HqSam.Cli;

/// <summary>
/// Writes an output through a temporary file beside it, moved into place at the end, so a failure
/// never leaves a half-written file where the user had a good one.
/// </summary>
internal static class OutputFile
{
    public static void Write(string path, Action<Stream> write)
    {
        string full = Path.GetFullPath(path);
        string? dir = Path.GetDirectoryName(full);
        if (dir is not null && !Directory.Exists(dir))
        {
            throw new UsageException($"{path}: folder does not exist");
        }

        string temp = full + ".partial";
        try
        {
            using (FileStream stream = File.Create(temp))
            {
                write(stream);
            }

            File.Move(temp, full, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            QuietDelete.TryDelete(temp);
            throw new UsageException($"{path}: cannot write ({Reason(e, temp, path)})");
        }
    }

    /// <summary>Why a write failed, in the user's terms: the file they named, never a temporary one of ours.</summary>
    public static string Reason(Exception e, string internalPath, string userPath) => e switch
    {
        UnauthorizedAccessException => "permission denied",
        FileNotFoundException or DirectoryNotFoundException => "files cannot be created there", // ENOENT on creating: /proc, a vanished folder
        _ => e.Message.Replace(internalPath, userPath, StringComparison.Ordinal).OneLine(),
    };

    public static void WriteText(string path, string text) =>
        Write(path, stream => stream.Write(System.Text.Encoding.UTF8.GetBytes(text)));
}
