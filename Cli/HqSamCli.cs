using System.CommandLine;
using System.CommandLine.Parsing;
using HqSam.Cli.Commands;
using HqSam.Core;

namespace HqSam.Cli;

/// <summary>
/// The <c>hqsam</c> command line. Exit codes: 0 success, 2 any bad argument, file, image, model or
/// prompt (one line on stderr naming it), 1 an internal error (one line too; never a stack trace).
/// </summary>
public static class HqSamCli
{
    public const int Ok = 0;
    public const int Failure = 1;
    public const int BadInput = 2;

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);

        var root = new RootCommand("HQ-SAM 2.1 smart selection from the terminal.");
        root.Subcommands.Add(SegmentCommand.Create(stdout, stderr));
        root.Subcommands.Add(SelectionCommand.Create(stdout));
        root.Subcommands.Add(ModelsCommand.Create(stdout, stderr));
        root.Subcommands.Add(BenchCommand.Create(stdout, stderr));
        root.Subcommands.Add(CacheCommand.Create(stdout));

        ParseResult parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            string[] commands = [.. parsed.Tokens.Where(t => t.Type == TokenType.Command).Select(t => t.Value)];
            if (commands.Length == parsed.Tokens.Count)
            {
                // Only command names (or nothing) given: the usage says more than "X is required".
                root.Parse([.. commands, "--help"]).Invoke(new InvocationConfiguration { Output = stderr, Error = stderr });
                return BadInput;
            }

            string help = string.Join(' ', ["hqsam", .. commands, "--help"]);
            stderr.WriteLine($"hqsam: {parsed.Errors[0].Message.ReplaceLineEndings(" ").TrimEnd('.')} (see '{help}')");
            return BadInput;
        }

        try
        {
            return parsed.Invoke(new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false });
        }
        catch (HqSamException e)
        {
            stderr.WriteLine($"hqsam: {e.Message.ReplaceLineEndings(" ")}");
            return BadInput;
        }
        catch (OperationCanceledException)
        {
            stderr.WriteLine("hqsam: cancelled");
            return Failure;
        }
        catch (Exception e) when (e is OutOfMemoryException or InsufficientExecutionStackException)
        {
            stderr.WriteLine($"hqsam: out of memory ({e.Message.ReplaceLineEndings(" ")})");
            return Failure;
        }
#pragma warning disable CA1031 // The command line's contract: one line, never a stack trace.
        catch (Exception e)
#pragma warning restore CA1031
        {
            stderr.WriteLine($"hqsam: internal error: {e.GetType().Name}: {e.Message.ReplaceLineEndings(" ")}");
            return Failure;
        }
    }
}
