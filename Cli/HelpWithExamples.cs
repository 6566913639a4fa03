using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
using System.Text.RegularExpressions;

namespace HqSam.Cli;

/// <summary>
/// System.CommandLine's help, and after it what users look for in a tool's help: examples, exit codes,
/// environment variables (per command, from <see cref="Sections"/>). Its list of subcommands marks an
/// optional argument as optional, as the command's own usage line does (<c>verify [&lt;ID|DIR&gt;]</c>);
/// the library's list shows every argument as if it were required.
/// </summary>
internal sealed class HelpWithExamples(HelpAction standard) : SynchronousCommandLineAction
{
    /// <summary>Text written after the standard help of a command.</summary>
    public Dictionary<Command, string> Sections { get; } = [];

    public override bool ClearsParseErrors => true;

    public override int Invoke(ParseResult parseResult)
    {
        ArgumentNullException.ThrowIfNull(parseResult);
        TextWriter output = parseResult.InvocationConfiguration.Output;
        using var standardHelp = new StringWriter();
        parseResult.InvocationConfiguration.Output = standardHelp;
        int code;
        try
        {
            code = standard.Invoke(parseResult);
        }
        finally
        {
            parseResult.InvocationConfiguration.Output = output;
        }

        Command command = parseResult.CommandResult.Command;
        output.Write(MarkOptionalArguments(standardHelp.ToString(), command));
        if (Sections.TryGetValue(command, out string? more))
        {
            output.WriteLine(more.TrimEnd());
            output.WriteLine();
        }

        return code;
    }

    internal static string MarkOptionalArguments(string help, Command command)
    {
        foreach (Command sub in command.Subcommands)
        {
            foreach (Argument argument in sub.Arguments.Where(a => a.Arity.MinimumNumberOfValues == 0))
            {
                // "  verify <ID|DIR>      Check..." -> "  verify [<ID|DIR>]    Check...": two spaces fewer keep the column.
                string label = $"<{argument.HelpName ?? argument.Name}>";
                var row = new Regex($"^(  {Regex.Escape(sub.Name)} (?:.* )?){Regex.Escape(label)}(  )(?=  )", RegexOptions.Multiline);
                help = row.Replace(help, m => $"{m.Groups[1].Value}[{label}]");
            }
        }

        return help;
    }
}
