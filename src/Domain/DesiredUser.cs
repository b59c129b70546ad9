namespace Pipeline.Domain;

/// <summary>
/// The Moodle user an employee should be, already cleaned and within Moodle's limits. Optional text
/// fields are null when empty (Moodle stores ""); <see cref="Country"/> is an ISO alpha-2 code.
/// Equality compares the custom fields by content. Holds personal data: never log it.
/// </summary>
public sealed record DesiredUser(
    string Username,
    string IdNumber,
    string FirstName,
    string LastName,
    string Email,
    string? Department,
    string? Institution,
    string? City,
    string? Country,
    string Auth,
    bool IsLeaver,
    IReadOnlyDictionary<string, string?> CustomFields)
{
    /// <summary>Send createpassword=1 on create: Moodle generates a password and e-mails it.</summary>
    public bool CreatePassword { get; init; }

    public bool Equals(DesiredUser? other) =>
        other is not null &&
            string.Equals(Username, other.Username, StringComparison.Ordinal) &&
            string.Equals(IdNumber, other.IdNumber, StringComparison.Ordinal) &&
            string.Equals(FirstName, other.FirstName, StringComparison.Ordinal) &&
            string.Equals(LastName, other.LastName, StringComparison.Ordinal) &&
            string.Equals(Email, other.Email, StringComparison.Ordinal) &&
            string.Equals(Department, other.Department, StringComparison.Ordinal) &&
            string.Equals(Institution, other.Institution, StringComparison.Ordinal) &&
            string.Equals(City, other.City, StringComparison.Ordinal) &&
            string.Equals(Country, other.Country, StringComparison.Ordinal) &&
            string.Equals(Auth, other.Auth, StringComparison.Ordinal) &&
            IsLeaver == other.IsLeaver &&
            CreatePassword == other.CreatePassword &&
            FieldMap.Equal(CustomFields, other.CustomFields);

    public override int GetHashCode()
    {
        var hash = default(HashCode);
        hash.Add(Username, StringComparer.Ordinal);
        hash.Add(IdNumber, StringComparer.Ordinal);
        hash.Add(FirstName, StringComparer.Ordinal);
        hash.Add(LastName, StringComparer.Ordinal);
        hash.Add(Email, StringComparer.Ordinal);
        hash.Add(Department, StringComparer.Ordinal);
        hash.Add(Institution, StringComparer.Ordinal);
        hash.Add(City, StringComparer.Ordinal);
        hash.Add(Country, StringComparer.Ordinal);
        hash.Add(Auth, StringComparer.Ordinal);
        hash.Add(IsLeaver);
        hash.Add(CreatePassword);
        hash.Add(FieldMap.Hash(CustomFields));
        return hash.ToHashCode();
    }
}
