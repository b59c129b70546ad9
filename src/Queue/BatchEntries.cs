using System.Globalization;

namespace Pipeline.Queue;

/// <summary>
/// Entry ids only need to be unique within one call and match [A-Za-z0-9_-]{1,80}: the position in the batch does
/// both, never collides the way sanitized message ids could, and costs no allocation.
/// </summary>
internal static class BatchEntries
{
    private static readonly string[] Ids = [.. Enumerable.Range(0, PublishBatcher.MaxEntries).Select(i => i.ToString(CultureInfo.InvariantCulture))];

    public static string Id(int position) => Ids[position];

    /// <summary>The position an id names, when it names one of the <paramref name="count"/> entries sent.</summary>
    public static bool TryPosition(string? id, int count, out int position)
    {
        position = id is { Length: 1 } && id[0] is >= '0' and <= '9' ? id[0] - '0' : -1;
        return position >= 0 && position < Math.Min(count, PublishBatcher.MaxEntries);
    }
}
