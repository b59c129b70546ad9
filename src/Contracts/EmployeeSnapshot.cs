namespace Pipeline.Contracts;

/// <summary>
/// One employee as BambooHR reports it: every value a string or null, exactly as the seed document
/// and BambooHR's own JSON carry them (empty dates arrive as "0000-00-00", country as a name).
/// </summary>
public sealed record EmployeeSnapshot
{
    public required string Id { get; init; }
    public string? EmployeeNumber { get; init; }
    public string? FirstName { get; init; }
    public string? LastName { get; init; }
    public string? PreferredName { get; init; }
    public string? WorkEmail { get; init; }
    public string? Status { get; init; }
    public string? HireDate { get; init; }
    public string? TerminationDate { get; init; }
    public string? Department { get; init; }
    public string? Division { get; init; }
    public string? JobTitle { get; init; }
    public string? Location { get; init; }
    public string? Country { get; init; }
}
