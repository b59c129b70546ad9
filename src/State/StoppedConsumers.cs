namespace Pipeline.State;

/// <summary>
/// Which consumer records explain a run that does not drain. A paused consumer heartbeats at every probe, so one not
/// heard of for <see cref="StaleAfter"/> died paused and is reported stale. A halted one exits, so its record is old by
/// nature: it counts until any consumer starts after it (the operator fixed the cause and restarted).
/// </summary>
public static class StoppedConsumers
{
    public static readonly TimeSpan StaleAfter = TimeSpan.FromMinutes(5);

    public static IReadOnlyList<ConsumerRecord> From(IReadOnlyList<ConsumerRecord> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        var lastStart = records.Where(r => r.State == ConsumerState.Running).Select(r => (DateTimeOffset?)r.Since).Max();
        return [.. records
            .Where(r => r.State != ConsumerState.Running && (lastStart is null || r.Since > lastStart || (r.State == ConsumerState.Paused && r.UpdatedAt > lastStart)))
            .OrderBy(r => r.Since)];
    }

    public static bool IsStale(ConsumerRecord record, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(record);
        return record.State == ConsumerState.Paused && now - record.UpdatedAt > StaleAfter;
    }

    /// <summary>One line for status and the sync summary: "paused: Moodle unreachable (http503) since 03:02Z".</summary>
    public static string Describe(ConsumerRecord record, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(record);
        var since = record.Since.ToUniversalTime().ToString(now - record.Since > TimeSpan.FromHours(20) ? "yyyy-MM-dd HH:mm'Z'" : "HH:mm'Z'",
            System.Globalization.CultureInfo.InvariantCulture);
        var state = record.State.ToString().ToLowerInvariant();
        var stale = IsStale(record, now) ? $" (stale: not heard of for {(int)(now - record.UpdatedAt).TotalMinutes} min; the consumer may have died)" : string.Empty;
        return $"{state}: {record.Reason ?? "no reason given"} since {since}{stale}";
    }
}
