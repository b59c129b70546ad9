using System.CommandLine;
using System.CommandLine.Parsing;

namespace Pipeline.Producer.Cli;

/// <summary>
/// What was wrong with the command line, in one line: the first unknown word (with the nearest known one), a
/// missing command, or the option errors, then where the usage is. System.CommandLine's own output repeats itself
/// ("Required command was not provided" next to the unknown command) and can run to the whole help text.
/// </summary>
internal static class ParseErrors
{
    public static string Describe(ParseResult parse)
    {
        ArgumentNullException.ThrowIfNull(parse);
        var result = parse.CommandResult;
        var command = result.Command;
        var path = string.Join(' ', ["pipeline", .. CommandPath(result)]);
        string message;
        if (parse.UnmatchedTokens.Count > 0)
        {
            var token = parse.UnmatchedTokens[0];
            if (token.StartsWith('-'))
            {
                message = $"`{path}` has no option '{token}'{Suggest(token, OptionNames(result))}";
            }
            else if (command.Subcommands.Count > 0)
            {
                message = $"'{token}' is not a command of `{path}`{Suggest(token, command.Subcommands.Select(c => c.Name))}";
            }
            else
            {
                message = $"`{path}` takes no argument '{token}'";
            }
        }
        else if (command.Subcommands.Count > 0 && command.Action is null)
        {
            message = $"`{path}` needs a command: {string.Join(", ", command.Subcommands.Where(c => !c.Hidden).Select(c => c.Name))}";
        }
        else
        {
            message = string.Join("; ", parse.Errors.Select(Message).Distinct(StringComparer.Ordinal));
        }

        return $"{message}{(message.EndsWith('?') ? string.Empty : ".")} See `{path} --help`.";
    }

    private static string Message(ParseError error) => error.SymbolResult is OptionResult { Tokens.Count: 0 } option && option.Option.Arity.MinimumNumberOfValues > 0
        ? $"{option.Option.Name} needs a value"
        : error.Message.Trim().TrimEnd('.');

    private static IEnumerable<string> CommandPath(CommandResult result)
    {
        var names = new Stack<string>();
        for (SymbolResult? r = result; r is CommandResult { Parent: CommandResult } c; r = c.Parent)
        {
            names.Push(c.Command.Name);
        }

        return names;
    }

    /// <summary>The command's options and those its parents share with it (--help, --verbose).</summary>
    private static IEnumerable<string> OptionNames(CommandResult result)
    {
        for (SymbolResult? r = result; r is CommandResult c; r = c.Parent)
        {
            foreach (var option in c.Command.Options.Where(o => !o.Hidden && (ReferenceEquals(c, result) || o.Recursive)))
            {
                yield return option.Name;
            }
        }
    }

    /// <summary>"; did you mean 'sync'?" when one known word is a prefix match or within a typo or two of the token.</summary>
    private static string Suggest(string token, IEnumerable<string> known)
    {
        var best = known
            .Select(k => (Name: k, Distance: token.Length >= 3 && k.StartsWith(token, StringComparison.OrdinalIgnoreCase) ? 0 : Distance(token, k)))
            .Where(k => k.Distance <= Math.Max(1, Math.Min(2, k.Name.Length / 3)))
            .OrderBy(k => k.Distance)
            .ThenBy(k => k.Name, StringComparer.Ordinal)
            .Select(k => k.Name)
            .FirstOrDefault();
        return best is null ? string.Empty : $"; did you mean '{best}'?";
    }

    /// <summary>Edit distance (insertions, deletions, substitutions), case-insensitive.</summary>
    internal static int Distance(string a, string b)
    {
        a = a.ToLowerInvariant();
        b = b.ToLowerInvariant();
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        var current = new int[b.Length + 1];
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
                current[j] = Math.Min(Math.Min(previous[j] + 1, current[j - 1] + 1), substitution);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
