namespace Pipeline.Domain;

/// <summary>
/// The zone in which dates take effect, bound from the "Sync" section (<c>Sync__TimeZone</c>) by the producer and the
/// consumers alike, so both agree on which day it is. Validated at start: a wrong zone would move every date.
/// </summary>
public sealed class CalendarOptions
{
    public const string SectionName = "Sync";

    /// <summary>An IANA zone id such as Europe/London (the default) or America/New_York.</summary>
    public string TimeZone { get; set; } = EffectiveDates.DefaultTimeZone;

    /// <summary>The zone (a method, not a property: configuration binding would try to bind it).</summary>
    public TimeZoneInfo ResolveZone() => EffectiveDates.FindZone(TimeZone)
        ?? throw new InvalidOperationException($"Sync:TimeZone '{TimeZone}' is not a time zone this system knows.");

    /// <summary>Today in the zone.</summary>
    public DateOnly Today(TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        return EffectiveDates.Today(time.GetUtcNow(), ResolveZone());
    }

    /// <summary>Every problem with this configuration, each naming the key to fix; empty when valid.</summary>
    public IReadOnlyList<string> Validate() => EffectiveDates.FindZone(TimeZone) is null
        ? [$"Sync:TimeZone '{TimeZone}' is not a time zone this system knows; use an IANA id such as Europe/London (the default) or America/New_York."]
        : [];
}
