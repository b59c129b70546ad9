using System.Globalization;
using System.Text.Json;

namespace Pipeline.Bench;

/// <summary>When a producer finished enumerating and publishing, read from its own JSON log lines.</summary>
internal static class ProducerLog
{
    /// <summary>"N employees changed since" marks enumeration done, "published N of M" publishing done.</summary>
    public static (DateTimeOffset? Changed, DateTimeOffset? Published, int Count) ReadPhases(string stderrPath)
    {
        DateTimeOffset? changed = null, published = null;
        var count = 0;
        foreach (var line in File.ReadLines(stderrPath))
        {
            if (!line.StartsWith('{'))
            {
                continue;
            }

            using var doc = JsonDocument.Parse(line);
            var r = doc.RootElement;
            if (!r.TryGetProperty("Message", out var m) || !r.TryGetProperty("Timestamp", out var t))
            {
                continue;
            }

            var message = m.GetString() ?? string.Empty;
            var at = DateTimeOffset.Parse(t.GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
            if (message.Contains(" employees changed since ", StringComparison.Ordinal))
            {
                changed = at;
            }
            else if (message.Contains(": published ", StringComparison.Ordinal) && r.TryGetProperty("State", out var state)
                && state.TryGetProperty("Published", out var p))
            {
                published = at;
                count = p.ValueKind == JsonValueKind.Number ? p.GetInt32() : int.Parse(p.GetString()!, CultureInfo.InvariantCulture);
            }
        }

        return (changed, published, count);
    }
}
