using Pipeline.Contracts;
using Pipeline.Domain;

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

    /// <summary>The Moodle user exactly as the sync would have left it for <paramref name="desired"/>.</summary>
    public static MoodleUserState InMoodle(DesiredUser desired, long id = 7, bool suspended = false) => new(
        id, desired.Username, desired.IdNumber, desired.FirstName, desired.LastName, desired.Email,
        desired.Department ?? string.Empty, desired.Institution ?? string.Empty, desired.City ?? string.Empty,
        desired.Country ?? string.Empty, desired.Auth, suspended,
        desired.CustomFields.ToDictionary(p => p.Key, p => (string?)(p.Value ?? string.Empty)));

    public static MoodleUserState Stranger(long id, string username, string email, string? idNumber = "") => new(
        id, username, idNumber, "Someone", "Else", email, "", "", "", "", "manual", false, new Dictionary<string, string?>());
}
