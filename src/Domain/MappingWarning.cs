namespace Pipeline.Domain;

/// <summary>A problem that does not stop the sync of an employee but that someone should fix in BambooHR.</summary>
public sealed record MappingWarning(string Code, string Message)
{
    public const string UnknownCountry = "unknown_country";

    /// <summary>A descriptive value (a name, department, division, location) longer than its Moodle column, sent cut to fit.</summary>
    public const string FieldTruncated = "field_truncated";
}
