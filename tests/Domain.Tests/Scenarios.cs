using FsCheck;
using FsCheck.Fluent;
using Pipeline.Contracts;
using Pipeline.Domain;

namespace Pipeline.Domain.Tests;

/// <summary>One employee message meeting one Moodle: what the property tests generate.</summary>
public sealed record Scenario(
    EmployeeAction Action, EmployeeSnapshot? Snapshot, MappingOptions Options, IReadOnlyList<MoodleUserState> Candidates)
{
    // Keeps FsCheck's failure output free of generated personal-looking data noise but informative.
    public override string ToString() =>
        $"{Action} snapshot={(Snapshot is null ? "none" : Snapshot.ToString())} auth={Options.Auth} ext={Options.ExtendedUsernameChars} candidates=[{string.Join("; ", Candidates)}]";
}

/// <summary>FsCheck generators: messy but realistic employees and Moodle users that may or may not match them.</summary>
public static class Scenarios
{
    private static readonly string?[] FirstNames = ["Ada", "Zoë", "山田", "محمد", "👩🏽‍💻 Dev", "O'Brien", "Robert'); DROP TABLE x;--", null, "  ", "A\u0000da", "<b>x</b>", "Ada\r\nMarie"];
    private static readonly string?[] PreferredNames = [null, null, "", "Al", "Ally\t", "\u200Fשרה"];
    private static readonly string?[] LastNames = ["Lovelace", "Núñez", "כהן", "Lovelace", "Smith", null, new string('x', 101), "' OR '1'='1"];
    private static readonly string?[] Emails = ["ada@example.com", "ADA@Example.com", "ada@example.com", "ada+lms@example.com", "adalms@example.com", "bob@example.org", "bad", null, new string('a', 64) + "@" + new string('b', 40) + ".com"];
    private static readonly string?[] Texts = [null, "", "Eng", "Eng", "R&D < 3", "Sales", " Sales ", "I <3 NY"];
    private static readonly string?[] Countries = [null, "United Kingdom", "Viet Nam", "Atlantis", "germany", "Türkiye"];
    private static readonly string?[] Terminations = [null, "0000-00-00", "0000-00-00", "2024-01-01", "2030-01-01", "2025-06-15", "junk"];
    private static readonly string?[] Hires = ["2020-01-01", "2024-06-01", null];
    private static readonly string?[] Statuses = ["Active", "Active", "Active", "Inactive", "Inactive", "Terminated"];

    public static Gen<EmployeeSnapshot> Snapshot =>
        from first in Gen.Elements(FirstNames)
        from preferred in Gen.Elements(PreferredNames)
        from last in Gen.Elements(LastNames)
        from email in Gen.Elements(Emails)
        from status in Gen.Elements(Statuses)
        from hire in Gen.Elements(Hires)
        from termination in Gen.Elements(Terminations)
        from department in Gen.Elements(Texts)
        from division in Gen.Elements(Texts)
        from location in Gen.Elements(Texts)
        from country in Gen.Elements(Countries)
        from number in Gen.Elements<string?>("E1", "E1", null)
        select new EmployeeSnapshot
        {
            Id = "101",
            EmployeeNumber = number,
            FirstName = first,
            PreferredName = preferred,
            LastName = last,
            WorkEmail = email,
            Status = status,
            HireDate = hire,
            TerminationDate = termination,
            Department = department,
            Division = division,
            Location = location,
            Country = country,
            JobTitle = department,
        };

    public static Gen<MappingOptions> Options =>
        from auth in Gen.Elements("manual", "oauth2")
        from extended in Gen.Elements(false, true)
        from custom in Gen.Elements(false, true)
        from leaverByDate in Gen.Elements(true, true, false)
        from usernameByNumber in Gen.Elements(false, false, true)
        select Employees.Options(o =>
        {
            o.UsernameSource = usernameByNumber ? UsernameSource.EmployeeNumber : UsernameSource.WorkEmail;
            o.Auth = auth;
            o.ExtendedUsernameChars = extended;
            o.LeaverOnPastTerminationDate = leaverByDate;
            if (custom)
            {
                o.CustomProfileFields["costcenter"] = "Department";
            }
        });

    /// <summary>A Moodle user that is, was, or only looks like the employee.</summary>
    public static Gen<MoodleUserState> MoodleUser(long id) =>
        from previous in Snapshot
        from options in Options
        from idNumber in Gen.Elements<string?>("101", "101", "", null, "999")
        from suspended in Gen.Elements(false, true)
        from upperEmail in Gen.Elements(false, true)
        from username in Gen.Elements<string?>(null, null, "ada@example.com", "legacy", "e1")
        from department in Gen.Elements<string?>(null, "", "Old dept")
        select Build(id, previous, options, idNumber, suspended, upperEmail, username, department);

    private static MoodleUserState Build(
        long id, EmployeeSnapshot previous, MappingOptions options, string? idNumber, bool suspended, bool upperEmail, string? username, string? department)
    {
        var mapped = DesiredUserMapper.Map(previous, options, Employees.Today);
        var baseUser = mapped.IsPoison
            ? Employees.Stranger(id, "someone" + id, $"someone{id}@example.com")
            : Employees.InMoodle(mapped.User, id);
        return (baseUser with
        {
            IdNumber = idNumber,
            Suspended = suspended,
            Email = upperEmail ? baseUser.Email.ToUpperInvariant() : baseUser.Email,
            Username = username ?? baseUser.Username,
        }).With("department", department ?? baseUser.Profile["department"]);
    }

    public static Gen<Scenario> Scenario =>
        from action in Gen.Elements(EmployeeAction.Inserted, EmployeeAction.Updated, EmployeeAction.Updated, EmployeeAction.Deleted)
        from withSnapshot in Gen.Elements(true, true, false)
        from snapshot in Snapshot
        from options in Options
        from count in Gen.Elements(0, 1, 1, 1, 2)
        from first in MoodleUser(7)
        from second in MoodleUser(8)
        from upToDate in Gen.Elements(false, false, true)
        select new Scenario(
            action,
            action == EmployeeAction.Deleted && !withSnapshot ? null : snapshot,
            options,
            new[] { upToDate ? AsSyncedBefore(snapshot, options, first) : first, second }.Take(count).ToList());

    // The user exactly as an earlier run left it for this same snapshot.
    private static MoodleUserState AsSyncedBefore(EmployeeSnapshot snapshot, MappingOptions options, MoodleUserState otherwise)
    {
        var mapped = DesiredUserMapper.Map(snapshot, options, Employees.Today);
        return mapped.IsPoison ? otherwise : Employees.InMoodle(mapped.User, otherwise.Id, suspended: mapped.User.IsLeaver);
    }

    public static Arbitrary<Scenario> ScenarioArbitrary() => Scenario.ToArbitrary();
}

/// <summary>Registered through [Property(Arbitrary = ...)].</summary>
public static class ScenarioArbitraries
{
    public static Arbitrary<Scenario> Scenario() => Scenarios.ScenarioArbitrary();
}
