using System.Globalization;
using Pipeline.Contracts;
using BambooHr = Pipeline.Domain.Fields.FieldTable.BambooHr;

namespace Pipeline.Domain;

/// <summary>
/// The one rule for "today" and for the dates on which an employee's decision changes by itself (a termination date
/// arriving, a future joiner coming within <see cref="MappingOptions.CreateDaysBeforeHire"/> of their hire date).
/// Producer and consumer both use it, in the same zone (<c>Sync:TimeZone</c>), so the producer re-publishes an
/// employee on the very day the consumer will decide differently.
/// </summary>
public static class EffectiveDates
{
    public const string DefaultTimeZone = "Europe/London";

    private const string EmptyDate = "0000-00-00";

    /// <summary>The calendar date at <paramref name="now"/> in <paramref name="zone"/>: a termination dated the 15th takes effect at local midnight.</summary>
    public static DateOnly Today(DateTimeOffset now, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        return DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, zone).DateTime);
    }

    /// <summary>An IANA (or Windows) zone id; null when the system does not know it.</summary>
    public static TimeZoneInfo? FindZone(string? id)
    {
        if (string.IsNullOrWhiteSpace(id))
        {
            return null;
        }

        return TimeZoneInfo.TryFindSystemTimeZoneById(id.Trim(), out var zone) ? zone : null;
    }

    /// <summary>A BambooHR date ("yyyy-mm-dd"; empty or "0000-00-00" is none). False when it is not a date.</summary>
    public static bool TryParse(string? value, out DateOnly? date)
    {
        date = null;
        var text = value?.Trim();
        if (string.IsNullOrEmpty(text) || text == EmptyDate)
        {
            return true;
        }

        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
        {
            date = parsed;
            return true;
        }

        return false;
    }

    /// <summary>
    /// Whether a termination dated <paramref name="terminated"/> makes the employee a leaver on <paramref name="today"/>:
    /// the date has arrived and no later hire date (a rehire whose old termination still shows) overrides it.
    /// </summary>
    public static bool HasLeft(DateOnly? terminated, DateOnly? hired, DateOnly today) =>
        terminated is { } t && t <= today && !(hired is { } h && h > t);

    /// <summary>The first day a future joiner's account may be created; null when creation is not held back.</summary>
    public static DateOnly? CreateFrom(DateOnly? hired, int? daysBeforeHire) =>
        hired is { } h && daysBeforeHire is { } n ? h.AddDays(-n) : null;

    /// <summary>
    /// The next day after <paramref name="today"/> on which this snapshot's decision changes without any change in
    /// BambooHR: its termination date, or the day its creation is no longer held back. Null when there is none (or a
    /// date is unreadable: the mapper parks such an employee anyway).
    /// </summary>
    public static DateOnly? NextDue(EmployeeSnapshot snapshot, MappingOptions options, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(options);
        if (!string.Equals(MoodleText.Clean(BambooHr.Status.Read(snapshot)), "Active", StringComparison.OrdinalIgnoreCase)
            || !TryParse(BambooHr.TerminationDate.Read(snapshot), out var terminated)
            || !TryParse(BambooHr.HireDate.Read(snapshot), out var hired))
        {
            return null;
        }

        DateOnly? due = null;
        if (options.LeaverOnPastTerminationDate && terminated is { } t && t > today && HasLeft(t, hired, t))
        {
            due = t;
        }

        if (CreateFrom(hired, options.CreateDaysBeforeHire) is { } from && from > today && (due is null || from < due))
        {
            due = from;
        }

        return due;
    }
}
