namespace Pipeline.Domain;

/// <summary>
/// A Moodle user as core_user_get_users_by_field returns it. Empty text fields may be "" or null;
/// the reconciler treats both as empty. <see cref="CustomFields"/> is keyed by profile field
/// shortname; equality compares it by content.
/// </summary>
public sealed record MoodleUserState(
    long Id,
    string Username,
    string? IdNumber,
    string FirstName,
    string LastName,
    string Email,
    string? Department,
    string? Institution,
    string? City,
    string? Country,
    string Auth,
    bool Suspended,
    IReadOnlyDictionary<string, string?> CustomFields)
{
    public bool Equals(MoodleUserState? other) =>
        other is not null &&
            Id == other.Id &&
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
            Suspended == other.Suspended &&
            FieldMap.Equal(CustomFields, other.CustomFields);

    public override int GetHashCode()
    {
        var hash = default(HashCode);
        hash.Add(Id);
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
        hash.Add(Suspended);
        hash.Add(FieldMap.Hash(CustomFields));
        return hash.ToHashCode();
    }
}
