namespace HqSam.Cli;

/// <summary>
/// The files one command reads and writes, checked before any work: an output may not be one of the
/// inputs (the user's photo would be replaced by a mask) nor another output of the same run (one
/// would silently overwrite the other), whatever the spelling, symbolic or hard link. Nothing is
/// written when a check fails.
/// </summary>
internal sealed class OutputTargets
{
    private readonly List<(string Option, string Path, FileIdentity Identity)> _inputs = [];
    private readonly List<(string Option, string Path, FileIdentity Identity)> _outputs = [];

    public OutputTargets Input(string option, string path)
    {
        _inputs.Add((option, path, FileIdentity.Of(path)));
        return this;
    }

    /// <summary>Adds an output (ignored when the option was not given) and refuses it at once if it clashes.</summary>
    public OutputTargets Output(string option, string? path)
    {
        if (path is null)
        {
            return this;
        }

        if (Directory.Exists(path))
        {
            throw new UsageException($"{option} {path}: is a folder; give a file name");
        }

        string? folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (folder is not null && !Directory.Exists(folder))
        {
            throw new UsageException($"{path}: folder does not exist");
        }

        if (folder is not null)
        {
            ProbeWritable(option, path, folder);
        }

        FileIdentity identity = FileIdentity.Of(path);
        foreach ((string inputOption, string inputPath, FileIdentity inputIdentity) in _inputs)
        {
            if (identity == inputIdentity)
            {
                throw new UsageException(inputPath == path
                    ? $"{option} {path}: is the {inputOption} file; writing there would destroy it, so choose another name (nothing was written)"
                    : $"{option} {path}: is the same file as {inputOption} {inputPath}; writing there would destroy it, so choose another name (nothing was written)");
            }
        }

        foreach ((string otherOption, string otherPath, FileIdentity otherIdentity) in _outputs)
        {
            if (identity == otherIdentity)
            {
                throw new UsageException($"{option} {path}: is also the {otherOption} file ({otherPath}); each output needs its own file (nothing was written)");
            }
        }

        _outputs.Add((option, path, identity));
        return this;
    }

    /// <summary>
    /// Tries the folder now, not after a long encode: creates a file there that deletes itself on close.
    /// (A target that exists but cannot be replaced is still found at the end, by <see cref="OutputFile"/>.)
    /// </summary>
    private static void ProbeWritable(string option, string path, string folder)
    {
        string probe = Path.Combine(folder, $".hqsam-probe-{Guid.NewGuid():N}");
        try
        {
            using var stream = new FileStream(probe, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"{option} {path}: cannot write in {folder} ({OutputFile.Reason(e, probe, path)}); nothing was done");
        }
    }
}
