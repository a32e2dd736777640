using System.CommandLine;
using Rcuvisor.Cli.Commands;

namespace Rcuvisor.Cli;

/// <summary>The <c>rcuvisor</c> command line: its command tree, and the parse-then-invoke step.</summary>
public static class RcuvisorCli
{
    /// <summary>The command's name wherever it shows itself (usage line, error hints).</summary>
    public const string CommandName = "rcuvisor";

    /// <summary>The root command and its subcommands (run, torture, bench, info).</summary>
    public static RootCommand CreateRootCommand() =>
        new("Rcuvisor: a userspace hypervisor core whose vCPU table grows without costing its readers.")
        {
            // Help would otherwise name the executable: Rcuvisor.Cli under dotnet run, the
            // test host under the tests. The tool installs as rcuvisor; say that everywhere.
            HelpName = CommandName,
            Subcommands = { new RunCommand(), new TortureCommand(), new BenchCommand(), new InfoCommand(), new SoakCommand() },
        };

    /// <summary>
    /// Parses <paramref name="args"/> and runs the chosen command. Parse errors are
    /// reported here rather than by System.CommandLine, whose default exit code (1)
    /// would be indistinguishable from a failed run.
    /// </summary>
    public static async Task<int> InvokeAsync(
        IReadOnlyList<string> args, InvocationConfiguration configuration, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var parseResult = CreateRootCommand().Parse(args);
        bool helpWins = parseResult.Action is { ClearsParseErrors: true }; // --help with a bad value still shows help
        if (parseResult.Errors.Count > 0 && !helpWins)
        {
            foreach (string message in ErrorMessages(parseResult))
                configuration.Error.WriteLine(message);
            configuration.Error.WriteLine($"Run '{CommandPath(parseResult)} --help' for usage.");
            return ExitCodes.BadArguments;
        }
        return await parseResult.InvokeAsync(configuration, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// One message per mistake. An unknown word where a command belongs is one mistake, which
    /// System.CommandLine reports twice ("Required command was not provided." and
    /// "Unrecognized command or argument"): it becomes one line naming the word and the commands.
    /// </summary>
    private static IEnumerable<string> ErrorMessages(ParseResult parseResult)
    {
        var command = parseResult.CommandResult.Command;
        if (command.Subcommands.Count > 0 && parseResult.UnmatchedTokens.Count > 0)
        {
            string commands = string.Join(", ", command.Subcommands.Where(c => !c.Hidden).Select(c => c.Name));
            return [$"Unknown command '{parseResult.UnmatchedTokens[0]}': expected one of {commands}."];
        }
        return parseResult.Errors.Select(e => e.Message).Distinct();
    }

    private static string CommandPath(ParseResult parseResult)
    {
        var names = new List<string>();
        for (var result = parseResult.CommandResult; result is not null; result = result.Parent as System.CommandLine.Parsing.CommandResult)
            names.Add(result.Parent is null ? CommandName : result.Command.Name);
        names.Reverse();
        return string.Join(' ', names);
    }
}
