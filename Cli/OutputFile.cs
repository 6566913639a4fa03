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
            try
            {
                File.Delete(temp);
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }

            throw new UsageException($"{path}: cannot write ({e.Message})");
        }
    }

    public static void WriteText(string path, string text) =>
        Write(path, stream => stream.Write(System.Text.Encoding.UTF8.GetBytes(text)));
}
