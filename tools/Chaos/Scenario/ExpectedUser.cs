using System.Globalization;
using Pipeline.Domain;

namespace Pipeline.Chaos.Scenario;

/// <summary>
/// What Moodle must hold for a BambooHR employee, written out independently of the pipeline's mapper from the
/// field rules: firstname = preferred or first name, institution = division, city = location, country alpha-2,
/// suspended = leaver (Inactive, or a termination date passed that no later hire date overrides).
/// </summary>
public sealed record ExpectedUser(
    string IdNumber, string FirstName, string LastName, string Email, string Department, string Institution,
    string City, string Country, bool Suspended)
{
    public static ExpectedUser For(Employee e, DateOnly today) => new(
        e.Id,
        MoodleText.Clean(e.PreferredName) ?? MoodleText.Clean(e.FirstName) ?? string.Empty,
        MoodleText.Clean(e.LastName) ?? string.Empty,
        MoodleText.Clean(e.WorkEmail) ?? string.Empty,
        MoodleText.Clean(e.Department) ?? string.Empty,
        MoodleText.Clean(e.Division) ?? string.Empty,
        MoodleText.Clean(e.Location) ?? string.Empty,
        MoodleText.Clean(e.Country) is { } name && CountryCodes.TryGetAlpha2(name, out var code) ? code : string.Empty,
        IsLeaver(e, today));

    public static bool IsLeaver(Employee e, DateOnly today)
    {
        if (string.Equals(e.Status, "Inactive", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        var terminated = Date(e.TerminationDate);
        var hired = Date(e.HireDate);
        return terminated is { } t && t <= today && !(hired is { } h && h > t);
    }

    /// <summary>The fields that differ, as "field: moodle≠bamboohr", empty when the user matches.</summary>
    public IReadOnlyList<string> Differences(MoodleUser u)
    {
        var diffs = new List<string>();
        void Check(string field, string actual, string expected)
        {
            if (!string.Equals(actual, expected, StringComparison.Ordinal))
            {
                diffs.Add($"{field}: '{Short(actual)}' ≠ '{Short(expected)}'");
            }
        }

        Check("firstname", u.FirstName, FirstName);
        Check("lastname", u.LastName, LastName);
        Check("email", u.Email, Email);
        Check("department", u.Department, Department);
        Check("institution", u.Institution, Institution);
        Check("city", u.City, City);
        Check("country", u.Country, Country);
        Check("suspended", u.Suspended ? "1" : "0", Suspended ? "1" : "0");
        return diffs;
    }

    private static string Short(string s) => s.Length > 40 ? s[..40] + "…" : s;

    private static DateOnly? Date(string? s) =>
        s is null || s.Length == 0 || s.StartsWith("0000", StringComparison.Ordinal)
            ? null
            : DateOnly.ParseExact(s, "yyyy-MM-dd", CultureInfo.InvariantCulture);
}
