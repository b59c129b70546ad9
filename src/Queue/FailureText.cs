using System.Text;

namespace Pipeline.Queue;

/// <summary>Makes a failure description safe to store as an SQS attribute value.</summary>
internal static class FailureText
{
    public const int MaxLength = 1000;
    private const string NoMessage = "(no message)";

    /// <summary>
    /// Drops characters SQS rejects (control characters other than tab/CR/LF, unpaired surrogates, U+FFFE/U+FFFF)
    /// and truncates to <see cref="MaxLength"/> characters, ending in '…', without splitting a surrogate pair.
    /// </summary>
    public static string Clean(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return NoMessage;
        }

        var builder = new StringBuilder(Math.Min(text.Length, MaxLength + 2));
        for (var i = 0; i < text.Length && builder.Length <= MaxLength; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c))
            {
                if (i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                {
                    builder.Append(c).Append(text[++i]);
                }
            }
            else if (c is '\t' or '\n' or '\r' || (c >= '\u0020' && c <= '\uD7FF') || (c >= '\uE000' && c <= '\uFFFD'))
            {
                builder.Append(c);
            }
        }

        if (builder.Length > MaxLength)
        {
            var cut = MaxLength - 1;
            if (char.IsHighSurrogate(builder[cut - 1]))
            {
                cut--;
            }

            builder.Length = cut;
            builder.Append('…');
        }

        return builder.Length == 0 ? NoMessage : builder.ToString();
    }
}
