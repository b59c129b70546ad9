using System.Globalization;

namespace Pipeline.Producer.Sync;

internal static class RunIds
{
    // Sortable and readable in a log line: r-20261122T030001Z-1a2b3c.
    public static string New(DateTimeOffset now) =>
        "r-" + now.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture) + "-" + Guid.NewGuid().ToString("N")[..6];
}
