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
}
