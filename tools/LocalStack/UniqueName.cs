using System.Text;

namespace Pipeline.LocalStack;

/// <summary>Queue and table names no other test (or earlier run) uses: a readable prefix and a random suffix.</summary>
public static class UniqueName
{
    public static string For(string prefix, int maxLength = 80)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        var suffix = Guid.NewGuid().ToString("N")[..12];
        var clean = new StringBuilder(prefix.Length);
        foreach (var c in prefix)
        {
            // The characters both SQS queue names and DynamoDB table names accept.
            clean.Append(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '-');
        }

        var room = Math.Max(0, maxLength - suffix.Length - 1);
        var head = clean.Length > room ? clean.ToString(0, room) : clean.ToString();
        return head.Length == 0 ? "t-" + suffix : head + "-" + suffix;
    }
}
