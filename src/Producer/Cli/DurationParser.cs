using System.Globalization;

namespace Pipeline.Producer.Cli;

/// <summary>Durations as operators type them: 90s, 30m, 2h, 1d, or hh:mm:ss.</summary>
public static class DurationParser
{
    public static bool TryParse(string? text, out TimeSpan value)
    {
        value = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        text = text.Trim();
        var unit = char.IsLetter(text[^1]) ? text[^1] : '\0';
        if (unit != '\0')
        {
            var seconds = unit switch
            {
                's' => 1.0,
                'm' => 60.0,
                'h' => 3600.0,
                'd' => 86400.0,
                _ => double.NaN,
            };
            // "1e400s" parses as infinity and "NaNs" as NaN: TimeSpan would throw on either, and on anything past its range.
            if (double.IsNaN(seconds)
                || !double.TryParse(text[..^1], NumberStyles.Float, CultureInfo.InvariantCulture, out var n)
                || !double.IsFinite(n) || n < 0 || n * seconds >= TimeSpan.MaxValue.TotalSeconds)
            {
                return false;
            }

            value = TimeSpan.FromSeconds(n * seconds);
            return true;
        }

        return TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out value) && value >= TimeSpan.Zero;
    }
}
