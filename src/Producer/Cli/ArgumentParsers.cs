using System.CommandLine.Parsing;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Pipeline.Producer.Cli;

/// <summary>
/// Parsers for option values that say what the option wants in the operator's words. System.CommandLine's own
/// conversion errors name .NET types ("System.Nullable`1[System.Int32]"), and a validator that reads a value it
/// could not convert throws instead of reporting.
/// </summary>
internal static partial class ArgumentParsers
{
    public static Func<ArgumentResult, int> WholeNumber(int min, int max) => result =>
        TryWholeNumber(result, min, max, out var n) ? n : default;

    public static Func<ArgumentResult, int?> OptionalWholeNumber(int min, int max) => result =>
        TryWholeNumber(result, min, max, out var n) ? n : null;

    public static TimeSpan? Duration(ArgumentResult result)
    {
        var text = Text(result);
        if (DurationParser.TryParse(text, out var value))
        {
            return value;
        }

        result.AddError($"{Name(result)} must be a duration such as 90s, 30m, 2h or 00:30:00, not '{text}'.");
        return null;
    }

    /// <summary>
    /// An instant as ISO-8601 with its offset (Z or ±hh:mm). A time without one is refused rather than guessed: read
    /// as UTC it was hours off for an operator in another zone, and the watermark is where the next sync starts.
    /// Whether it may lie in the future is the command's rule (rewind: only with --force).
    /// </summary>
    public static DateTimeOffset? InstantWithOffset(ArgumentResult result)
    {
        var text = Text(result);
        if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AllowWhiteSpaces, out var value))
        {
            result.AddError($"{Name(result)} must be an ISO-8601 date and time such as 2026-11-20T00:00:00Z, not '{text}'.");
            return null;
        }

        if (!ZoneSuffix().IsMatch(text!.Trim()))
        {
            result.AddError($"{Name(result)} needs an offset (Z for UTC, or e.g. +01:00), not '{text}': a time without one would be guessed.");
            return null;
        }

        return value;
    }

    /// <summary>A name prefix that every queue and table name built from it accepts (SQS: 80 characters, letters, digits, - and _).</summary>
    public static string QueuePrefix(ArgumentResult result)
    {
        var text = Text(result) ?? string.Empty;
        if (!QueueName().IsMatch(text))
        {
            result.AddError($"{Name(result)} must be 1 to 76 letters, digits, '-' or '_', not '{text}'.");
        }

        return text;
    }

    /// <summary>Values that must not be blank (e.g. employee ids).</summary>
    public static string[] NonBlankValues(ArgumentResult result)
    {
        var values = result.Tokens.Select(t => t.Value).ToArray();
        if (values.Any(string.IsNullOrWhiteSpace))
        {
            result.AddError($"{Name(result)} must not be empty.");
        }

        return values;
    }

    /// <summary>A value that must not be blank (e.g. a reason code).</summary>
    public static string? NonBlank(ArgumentResult result)
    {
        var text = Text(result);
        if (string.IsNullOrWhiteSpace(text))
        {
            result.AddError($"{Name(result)} must not be empty.");
        }

        return text;
    }

    private static bool TryWholeNumber(ArgumentResult result, int min, int max, out int value)
    {
        var text = Text(result);
        if (int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value) && value >= min && value <= max)
        {
            return true;
        }

        result.AddError($"{Name(result)} must be a whole number from {min} to {max}, not '{text}'.");
        return false;
    }

    private static string? Text(ArgumentResult result) => result.Tokens.Count > 0 ? result.Tokens[0].Value : null;

    private static string Name(ArgumentResult result) => result.Parent is OptionResult option ? option.Option.Name : result.Argument.Name;

    // The offset must follow a time of day: a bare date's "-20" is its day, not a zone.
    [GeneratedRegex(@"[T ]\d{2}:\d{2}(:\d{2}([.,]\d+)?)?\s*(Z|[+-]\d{2}(:?\d{2})?)$", RegexOptions.IgnoreCase)]
    private static partial Regex ZoneSuffix();

    [GeneratedRegex("^[A-Za-z0-9_-]{1,76}$")]
    private static partial Regex QueueName();
}
