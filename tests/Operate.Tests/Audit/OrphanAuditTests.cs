using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Pipeline.BambooHr;
using Pipeline.Producer;
using Pipeline.Producer.Operate;
using Pipeline.Sandbox.BambooHr;
using Pipeline.Sandbox.Moodle.Admin;
using Pipeline.TestSupport.Pipeline;

namespace Pipeline.Operate.Tests.Audit;

/// <summary>The orphan audit against both stand-ins over HTTP, through a producer host built as `pipeline audit` builds it.</summary>
public sealed class OrphanAuditTests
{
    [Fact]
    public async Task Accounts_whose_idnumber_no_employee_has_are_orphans_and_leavers_and_unlinked_accounts_are_not()
    {
        await using var standIns = await StandIns.StartAsync();
        await standIns.LoadBambooHrAsync(
            Employee("101", "Active"),
            Employee("102", "Inactive", terminationDate: "2026-01-31"),
            Employee("103", "Active"));
        var users = await standIns.PreloadMoodleUsersAsync(
            User("ann", "101"),
            User("ben", "102", suspended: true),
            User("gone", "999"),
            User("old", "998", suspended: true),
            User("teacher", string.Empty),
            User("purged", "997", deleted: true));
        var before = await MoodleAccountsAsync(standIns);

        var report = await AuditAsync(standIns);

        Assert.Equal(3, report.Employees);
        Assert.Equal(4, report.Accounts);
        Assert.Equal(2, report.Count);
        Assert.Equal(
            [new Orphan(Id(users, "gone"), "gone", "999", false), new Orphan(Id(users, "old"), "old", "998", true)],
            report.Orphans);

        // Only read: Moodle wrote no user and every account is as it was.
        Assert.DoesNotContain((await standIns.MoodleStatsAsync()).UsersWritten, kv => kv.Value > 0);
        Assert.Equal(before, await MoodleAccountsAsync(standIns));
    }

    [Fact]
    public async Task With_employee_numbers_as_idnumbers_an_account_linked_by_bamboohr_id_is_an_orphan()
    {
        await using var standIns = await StandIns.StartAsync();
        await standIns.LoadBambooHrAsync(
            Employee("101", "Active", employeeNumber: "E-101"),
            Employee("102", "Inactive", employeeNumber: " E-102 ", terminationDate: "2026-01-31"),
            Employee("103", "Active", employeeNumber: null));
        var users = await standIns.PreloadMoodleUsersAsync(User("ann", "E-101"), User("ben", "E-102"), User("cat", "103"));

        var report = await AuditAsync(standIns, new Dictionary<string, string?> { ["Mapping:IdNumberSource"] = "EmployeeNumber" });

        // Employee numbers are trimmed as the mapping trims them; an employee without one links no account.
        Assert.Equal([new Orphan(Id(users, "cat"), "cat", "103", false)], report.Orphans);
    }

    [Fact]
    public async Task At_the_end_of_a_full_run_the_idnumbers_it_saw_decide_and_bamboohr_is_not_read()
    {
        await using var standIns = await StandIns.StartAsync();
        await standIns.LoadBambooHrAsync(Employee("101", "Active"));
        var users = await standIns.PreloadMoodleUsersAsync(User("ann", "101"), User("ben", "102"), User("cat", "103"));

        using var host = await StartHostAsync(standIns);
        var audit = host.Services.GetRequiredService<OrphanAudit>();
        var report = await audit.FindOrphansAsync(new HashSet<string>(StringComparer.Ordinal) { "101", "103" }, CancellationToken.None);

        Assert.Null(report.Employees);
        Assert.Equal(3, report.Accounts);
        Assert.Equal([new Orphan(Id(users, "ben"), "ben", "102", false)], report.Orphans);
    }

    [Fact]
    public async Task An_empty_bamboohr_is_refused_rather_than_calling_every_account_an_orphan()
    {
        await using var standIns = await StandIns.StartAsync();
        await standIns.LoadBambooHrAsync();
        await standIns.PreloadMoodleUsersAsync(User("ann", "101"));

        var error = await Assert.ThrowsAsync<BambooHrException>(() => AuditAsync(standIns));

        Assert.Equal("no_employees", error.Code);
        Assert.DoesNotContain((await standIns.MoodleStatsAsync()).Calls, kv => kv.Key.Contains("get_users", StringComparison.Ordinal) && kv.Value > 0);
    }

    /// <summary>Every account as JSON, so custom fields compare by value.</summary>
    private static async Task<string> MoodleAccountsAsync(StandIns standIns) =>
        JsonSerializer.Serialize(await standIns.MoodleUsersAsync(), SandboxAdminJsonContext.Default.ListSandboxUserView);

    private static async Task<OrphanReport> AuditAsync(StandIns standIns, IReadOnlyDictionary<string, string?>? overrides = null)
    {
        using var host = await StartHostAsync(standIns, overrides);
        return await host.Services.GetRequiredService<OrphanAudit>().AuditAsync(CancellationToken.None);
    }

    private static async Task<IHost> StartHostAsync(StandIns standIns, IReadOnlyDictionary<string, string?>? overrides = null)
    {
        var host = ProducerHost.Build(Needs.BambooHr | Needs.Moodle, null, builder =>
        {
            builder.Configuration.AddInMemoryCollection(standIns.Settings);
            builder.Configuration.AddInMemoryCollection(overrides ?? new Dictionary<string, string?>());
        });
        await host.StartAsync();
        return host;
    }

    private static SeedEmployee Employee(string id, string status, string? employeeNumber = null, string? terminationDate = null) => new()
    {
        Id = id,
        EmployeeNumber = employeeNumber,
        FirstName = "First" + id,
        LastName = "Last" + id,
        WorkEmail = $"e{id}@example.com",
        Status = status,
        HireDate = "2020-01-01",
        TerminationDate = terminationDate,
        LastChanged = "2026-01-01T00:00:00Z",
    };

    private static SandboxUserView User(string username, string idNumber, bool suspended = false, bool deleted = false) => new()
    {
        Username = username,
        Idnumber = idNumber,
        Suspended = suspended,
        Deleted = deleted,
        Firstname = "F",
        Lastname = "L",
        Email = username + "@example.com",
    };

    private static long Id(List<SandboxUserView> users, string username) => users.Single(u => u.Username == username).Id!.Value;
}
