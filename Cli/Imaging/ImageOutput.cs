namespace HqSam.Cli.Imaging;

/// <summary>An image the command writes: where, and in the format its extension named (checked before any work).</summary>
internal sealed record ImageOutput(string Path, ImageOutputFormat Format);
