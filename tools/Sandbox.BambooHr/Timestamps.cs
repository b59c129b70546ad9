using System.Globalization;
using System.Text.RegularExpressions;

namespace Pipeline.Sandbox.BambooHr;

/// <summary>BambooHR's timestamp dialect: whole seconds, written as UTC with a "+00:00" offset.</summary>
internal static partial class Timestamps
{
    public static string Format(DateTimeOffset value) =>
        value.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'+00:00'", CultureInfo.InvariantCulture);

    public static DateTimeOffset Truncate(DateTimeOffset value)
    {
        var utc = value.ToUniversalTime();
        return new DateTimeOffset(utc.Ticks - (utc.Ticks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
    }

    /// <summary>
    /// The formats the changed-since endpoint documents: yyyy-mm-ddThh:mm:ss then Z, ±hh:mm or ±hhmm.
    /// Anything else (no offset, fractions, a space where '+' was) is rejected, as a strict server would.
    /// </summary>
    public static bool TryParse(string? text, out DateTimeOffset value)
    {
        value = default;
        if (text is null)
        {
            return false;
        }

        var match = IsoPattern().Match(text);
        if (!match.Success)
        {
            return false;
        }

        var offset = match.Groups["offset"].Value;
        var normalised = offset == "Z"
            ? text[..^1] + "+00:00"
            : offset.Length == 5 ? text[..^5] + offset[..3] + ":" + offset[3..] : text;
        return DateTimeOffset.TryParseExact(
            normalised, "yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture, DateTimeStyles.None, out value);
    }

    public static bool IsDate(string text) =>
        text == "0000-00-00"
        || DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _);

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?<offset>Z|[+-]\d{2}:\d{2}|[+-]\d{4})$", RegexOptions.CultureInvariant)]
    private static partial Regex IsoPattern();
}
