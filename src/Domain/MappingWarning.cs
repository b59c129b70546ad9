namespace Pipeline.Domain;

/// <summary>A problem that does not stop the sync of an employee but that someone should fix in BambooHR.</summary>
public sealed record MappingWarning(string Code, string Message)
{
    public const string UnknownCountry = "unknown_country";
}
