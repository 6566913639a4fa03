using System.CommandLine;
using System.CommandLine.Help;
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

    /// <summary>Runs a command line with stderr taken to be a log: no progress line.</summary>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr) => Run(args, stdout, stderr, stderrIsTerminal: false, TimeProvider.System);

    /// <param name="stderrIsTerminal">True when a person watches stderr: long work then shows a progress line there.</param>
    /// <param name="services">What the commands work on (store, network, catalog, cache, stage times); null for the user's.</param>
    internal static int Run(string[] args, TextWriter stdout, TextWriter stderr, bool stderrIsTerminal, TimeProvider time, CliServices? services = null)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);

        var progress = new TerminalProgress(stderr, time);
        (RootCommand root, Option<bool> quiet) = Create(stdout, stderr, progress, services ?? CliServices.ForUser);
        ParseResult parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            return ParseError(root, parsed, stderr);
        }

        progress.Enabled = stderrIsTerminal && !parsed.GetValue(quiet);
        try
        {
            return parsed.Invoke(new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false });
        }
        catch (HqSamException e)
        {
            progress.End();
            stderr.WriteLine($"hqsam: {e.OneLineMessage()}");
            return BadInput;
        }
        catch (OperationCanceledException)
        {
            progress.End();
            stderr.WriteLine("hqsam: cancelled");
            return Failure;
        }
        catch (Exception e) when (e is OutOfMemoryException or InsufficientExecutionStackException)
        {
            progress.End();
            stderr.WriteLine($"hqsam: out of memory ({e.OneLineMessage()})");
            return Failure;
        }
#pragma warning disable CA1031 // The command line's contract: one line, never a stack trace.
        catch (Exception e)
#pragma warning restore CA1031
        {
            progress.End();
            stderr.WriteLine($"hqsam: internal error: {e.GetType().Name}: {e.OneLineMessage()}");
            return Failure;
        }
        finally
        {
            progress.End();
        }
    }

    /// <summary>The command tree, help included; <paramref name="progress"/> is what long work reports to.</summary>
    internal static (RootCommand Root, Option<bool> Quiet) Create(TextWriter stdout, TextWriter stderr, TerminalProgress progress, CliServices services)
    {
        var quiet = new Option<bool>("--quiet", "-q") { Description = "No progress line on stderr (there is none anyway when stderr is not a terminal).", Recursive = true };
        var root = new RootCommand("HQ-SAM 2.1 smart selection from the terminal.") { quiet };
        Command segment = SegmentCommand.Create(stdout, stderr, progress, services);
        Command selection = SelectionCommand.Create(stdout);
        Command models = ModelsCommand.Create(stdout, stderr, progress, services);
        Command bench = BenchCommand.Create(stdout, stderr, progress, services);
        Command cache = CacheCommand.Create(stdout, services);
        foreach (Command command in new[] { segment, selection, models, bench, cache })
        {
            root.Subcommands.Add(command);
        }

        HelpOption helpOption = root.Options.OfType<HelpOption>().Single();
        var help = new HelpWithExamples((HelpAction)helpOption.Action!);
        helpOption.Action = help;
        help.Sections[root] = HelpText.Root;
        help.Sections[segment] = HelpText.Segment;
        help.Sections[selection] = HelpText.Selection;
        help.Sections[models] = HelpText.Models;
        help.Sections[bench] = HelpText.Bench;
        help.Sections[cache] = HelpText.Cache;

        return (root, quiet);
    }

    private static int ParseError(RootCommand root, ParseResult parsed, TextWriter stderr)
    {
        string[] commands = [.. parsed.Tokens.Where(t => t.Type == TokenType.Command).Select(t => t.Value)];
        Command at = parsed.CommandResult.Command;
        string help = string.Join(' ', ["hqsam", .. commands, "--help"]);
        string where = string.Join(' ', ["hqsam", .. commands]);

        // The first word the parser could not place: a mistyped command or option gets a "did you mean".
        if (parsed.UnmatchedTokens.Count > 0)
        {
            string word = parsed.UnmatchedTokens[0];
            if (word.StartsWith('-'))
            {
                string[] options = [.. at.Options.Concat(root.Options.Where(o => o.Recursive)).SelectMany(o => o.Aliases.Prepend(o.Name)).Where(n => n.StartsWith("--", StringComparison.Ordinal))];
                string? option = CommandSuggestion.Nearest(word, options);
                stderr.WriteLine(option is null
                    ? $"hqsam: '{word}' is not an option of '{where}' (see '{help}')"
                    : $"hqsam: '{word}' is not an option of '{where}'; did you mean '{option}'? (see '{help}')");
                return BadInput;
            }

            if (at.Subcommands.Count > 0)
            {
                string? command = CommandSuggestion.Nearest(word, at.Subcommands.Select(c => c.Name));
                stderr.WriteLine(command is null
                    ? $"hqsam: '{word}' is not a command of '{where}' (commands: {string.Join(", ", at.Subcommands.Select(c => c.Name))}; see '{help}')"
                    : $"hqsam: '{word}' is not a command of '{where}'; did you mean '{where} {command}'? (see '{help}')");
                return BadInput;
            }
        }

        if (commands.Length == parsed.Tokens.Count)
        {
            // Only command names (or nothing) given: the usage says more than "X is required".
            root.Parse([.. commands, "--help"]).Invoke(new InvocationConfiguration { Output = stderr, Error = stderr });
            return BadInput;
        }

        stderr.WriteLine($"hqsam: {parsed.Errors[0].Message.OneLine().TrimEnd('.')} (see '{help}')");
        return BadInput;
    }
}
