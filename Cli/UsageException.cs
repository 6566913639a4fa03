using HqSam.Core;

namespace HqSam.Cli;

/// <summary>A command-line value that cannot be used; reported as one line, exit code 2.</summary>
internal sealed class UsageException(string message) : HqSamException(message);
