using Pipeline.Contracts;
using Pipeline.Domain;
using Pipeline.Domain.Fields;

namespace Pipeline.Domain.Tests;

/// <summary>Valid starting points that each test changes in the one way it is about.</summary>
internal static class Employees
{
    public static readonly DateOnly Today = new(2025, 6, 15);

    public static EmployeeSnapshot Active(string id = "101") => new()
    {
        Id = id,
        EmployeeNumber = "E-" + id,
        FirstName = "Ada",
        LastName = "Lovelace",
        PreferredName = null,
        WorkEmail = "ada.lovelace@example.com",
        Status = "Active",
        HireDate = "2020-01-06",
        TerminationDate = "0000-00-00",
        Department = "Engineering",
        Division = "Research",
        JobTitle = "Analyst",
        Location = "London",
        Country = "United Kingdom",
    };

    public static MappingOptions Options(Action<MappingOptions>? change = null)
    {
        var options = new MappingOptions();
        change?.Invoke(options);
        return options;
    }

    public static DesiredUser Desired(EmployeeSnapshot snapshot, MappingOptions? options = null)
    {
        var result = DesiredUserMapper.Map(snapshot, options ?? Options(), Today);
        Assert.False(result.IsPoison, result.PoisonMessage);
        return result.User;
    }

    /// <summary>The Moodle user exactly as the sync would have left it for <paramref name="desired"/> (Moodle stores empty as "").</summary>
    public static MoodleUserState InMoodle(DesiredUser desired, long id = 7, bool suspended = false) => new(
        id, desired.Username, desired.IdNumber, desired.Email, desired.Auth, suspended, AsStored(desired.Profile), AsStored(desired.CustomFields));

    public static MoodleUserState Stranger(long id, string username, string email, string? idNumber = "") => new(
        id, username, idNumber, email, "manual", false,
        Values(("firstname", "Someone"), ("lastname", "Else"), ("department", ""), ("institution", ""), ("city", ""), ("country", "")),
        FieldValues.Empty);

    public static FieldValues Values(params (string Name, string? Value)[] values) =>
        new(values.Select(v => new KeyValuePair<string, string?>(v.Name, v.Value)));

    /// <summary>A copy of the Moodle user with one descriptive field (by Moodle name) holding <paramref name="value"/>.</summary>
    public static MoodleUserState With(this MoodleUserState user, string field, string? value) =>
        user with { Profile = user.Profile.With(field, value) };

    private static FieldValues AsStored(FieldValues values) => new(values.Select(p => new KeyValuePair<string, string?>(p.Key, p.Value ?? string.Empty)));
}
