using System.Globalization;
using System.Text;

namespace Pipeline.Domain;

/// <summary>
/// Text rules shared by every field we send to Moodle. Moodle's web services clean each parameter
/// (strip_tags for PARAM_NOTAGS/PARAM_TEXT) and reject the whole call when cleaning would change the
/// value, so whatever we send must already be in its cleaned form.
/// </summary>
public static class MoodleText
{
    /// <summary>
    /// Trims, drops control characters (line breaks and tabs become one space), line/paragraph
    /// separators and unpaired surrogates; null when nothing is left. Format characters such as
    /// ZWJ (emoji sequences) and RLM/LRM (right-to-left text) are kept: they are part of the name.
    /// </summary>
    public static string? Clean(string? value)
    {
        if (value is null)
        {
            return null;
        }

        var sb = new StringBuilder(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (char.IsHighSurrogate(c))
            {
                if (i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
                {
                    sb.Append(c).Append(value[i + 1]);
                    i++;
                }

                continue;
            }

            if (char.IsLowSurrogate(c) || c == '\uFEFF')
            {
                continue;
            }

            var category = char.GetUnicodeCategory(c);
            if (category is UnicodeCategory.Control or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator)
            {
                if (char.IsWhiteSpace(c) && sb.Length > 0 && sb[^1] != ' ')
                {
                    sb.Append(' ');
                }

                continue;
            }

            sb.Append(c);
        }

        var cleaned = sb.ToString().Trim();
        return cleaned.Length == 0 ? null : cleaned;
    }

    /// <summary>Length as Moodle's database counts it: Unicode code points, so an emoji is one.</summary>
    public static int Length(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return Length(value.AsSpan());
    }

    /// <summary>
    /// The longest start of <paramref name="value"/> that is at most <paramref name="limit"/> code points (as
    /// <see cref="Length(string)"/> counts them) and ends between two user-perceived characters, so neither a surrogate
    /// pair nor an accent, flag or emoji sequence is split; trailing spaces are dropped, and so is a trailing '&lt;'
    /// that the cut would leave for strip_tags to read as a tag. The value itself when it already fits.
    /// </summary>
    public static string Truncate(string value, int limit)
    {
        ArgumentNullException.ThrowIfNull(value);
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        if (Length(value) <= limit)
        {
            return value;
        }

        var end = 0;
        var count = 0;
        while (end < value.Length)
        {
            var element = StringInfo.GetNextTextElementLength(value, end);
            var runes = Length(value.AsSpan(end, element));
            if (count + runes > limit)
            {
                break;
            }

            (end, count) = (end + element, count + runes);
        }

        // One "character" longer than the whole column (a letter under hundreds of combining marks): cut by code point.
        if (end == 0)
        {
            foreach (var rune in value.EnumerateRunes())
            {
                if (count == limit)
                {
                    break;
                }

                (end, count) = (end + rune.Utf16SequenceLength, count + 1);
            }
        }

        var cut = value.AsSpan(0, end).TrimEnd();
        while (cut.Length > 1 && cut[^1] == '<')
        {
            cut = cut[..^1].TrimEnd();
        }

        return cut.ToString();
    }

    private static int Length(ReadOnlySpan<char> value)
    {
        var count = 0;
        foreach (var _ in value.EnumerateRunes())
        {
            count++;
        }

        return count;
    }

    /// <summary>
    /// True when PHP's strip_tags would change the value: it starts a tag at every '&lt;' not followed
    /// by whitespace and drops everything up to the next '&gt;' (or the end). "a &lt; b" is text;
    /// "&lt;script&gt;" and "I &lt;3 NY" are not.
    /// </summary>
    public static bool HasMarkup(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        for (var i = 0; i < value.Length; i++)
        {
            if (value[i] == '<' && (i + 1 == value.Length || !IsPhpSpace(value[i + 1])))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsPhpSpace(char c) => c is ' ' or '\t' or '\n' or '\v' or '\f' or '\r';
}
