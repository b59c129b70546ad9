using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Pipeline.Sandbox.BambooHr;
using Pipeline.Sandbox.Moodle.Admin;
using Pipeline.TestSupport.Pipeline;

namespace Pipeline.Operate.Tests.Cli;

/// <summary>`pipeline audit` as an operator meets it: real processes against both stand-ins, no queue or table needed.</summary>
public sealed class AuditCliTests
{
    [Fact]
    public async Task Audit_lists_the_orphans_with_a_count_and_what_to_do_and_exits_0_unless_asked_to_fail()
    {
        await using var standIns = await StandIns.StartAsync();
        await standIns.LoadBambooHrAsync(Employee("101", "Active"), Employee("102", "Inactive"));
        var users = await standIns.PreloadMoodleUsersAsync(
            User("ann", "101"), User("ben", "102", suspended: true), User("gone", "999"), User("old", "998", suspended: true), User("teacher", string.Empty));
        var env = standIns.EnvironmentVariables();

        var table = (await PipelineProcess.RunAsync(env, "audit")).Sample("audit");
        Assert.True(table.ExitCode == 0, table.ToString());
        Assert.True(table.StdErr.Length == 0, $"logged without being asked:\n{table}");
        var lines = table.StdOut.TrimEnd('\n').Split('\n');
        Assert.Contains(lines, l => l.Contains("Moodle id", StringComparison.Ordinal) && l.Contains("idnumber", StringComparison.Ordinal));
        AssertRow(lines, Id(users, "gone"), "gone", "999", "no");
        AssertRow(lines, Id(users, "old"), "old", "998", "yes");
        Assert.DoesNotContain(lines, l => l.Contains(" ann ", StringComparison.Ordinal) || l.Contains(" ben ", StringComparison.Ordinal) || l.Contains("teacher", StringComparison.Ordinal));
        Assert.Contains("2 orphan(s) of 4 Moodle account(s) with an idnumber, 1 not suspended: none of the 2 BambooHR employee(s) (all statuses) has their idnumber. Nothing was changed.", lines);
        Assert.StartsWith("Look each idnumber up in BambooHR: if the person has gone, suspend the account in Moodle by hand", lines[^1], StringComparison.Ordinal);

        var json = (await PipelineProcess.RunAsync(env, "audit", "--json")).Sample("audit-json");
        Assert.True(json.ExitCode == 0, json.ToString());
        using (var document = JsonDocument.Parse(json.StdOut))
        {
            var root = document.RootElement;
            Assert.Equal(2, root.GetProperty("employees").GetInt32());
            Assert.Equal(4, root.GetProperty("accounts").GetInt32());
            Assert.Equal(2, root.GetProperty("count").GetInt32());
            var first = root.GetProperty("orphans")[0];
            Assert.Equal(Id(users, "gone"), first.GetProperty("moodle_user_id").GetInt64());
            Assert.Equal("gone", first.GetProperty("username").GetString());
            Assert.Equal("999", first.GetProperty("idnumber").GetString());
            Assert.False(first.GetProperty("suspended").GetBoolean());
        }

        var failing = await PipelineProcess.RunAsync(env, "audit", "--fail-on-orphans");
        Assert.True(failing.ExitCode == 3, failing.ToString());
        Assert.Equal(table.StdOut, failing.StdOut);

        // Nothing was changed by three audits.
        Assert.DoesNotContain((await standIns.MoodleStatsAsync()).UsersWritten, kv => kv.Value > 0);
    }

    [Fact]
    public async Task Without_orphans_audit_says_so_in_one_line_and_exits_0_even_when_asked_to_fail()
    {
        await using var standIns = await StandIns.StartAsync();
        await standIns.LoadBambooHrAsync(Employee("101", "Active"), Employee("102", "Inactive"));
        await standIns.PreloadMoodleUsersAsync(User("ann", "101"), User("ben", "102", suspended: true), User("teacher", string.Empty));

        var run = (await PipelineProcess.RunAsync(standIns.EnvironmentVariables(), "audit", "--fail-on-orphans")).Sample("audit-none");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal("No orphans: each of the 2 Moodle account(s) with an idnumber belongs to one of the 2 BambooHR employee(s) (all statuses). Nothing was changed.\n", run.StdOut);
    }

    [Theory]
    [InlineData("bamboohr-empty", "BambooHR: BambooHR listed no employees at all")]
    [InlineData("moodle-bad-token", "Moodle (invalidtoken): ")]
    [InlineData("moodle-unreachable", "Moodle (network): Moodle core_user_get_users could not be reached")]
    public async Task A_failing_service_is_one_error_line_with_exit_1(string name, string message)
    {
        await using var standIns = await StandIns.StartAsync();
        await standIns.LoadBambooHrAsync(name == "bamboohr-empty" ? [] : [Employee("101", "Active")]);
        var overrides = name switch
        {
            "moodle-bad-token" => new Dictionary<string, string?> { ["Moodle__Token"] = "not-a-token" },
            "moodle-unreachable" => new Dictionary<string, string?> { ["Moodle__BaseUrl"] = $"http://127.0.0.1:{ClosedPort()}/" },
            _ => null,
        };

        var run = (await PipelineProcess.RunAsync(standIns.EnvironmentVariables(overrides), "audit")).Sample("audit-" + name);

        // The error is one line, the last; warnings logged before it (a failed call, its retries) are JSON log lines.
        Assert.True(run.ExitCode == 1, run.ToString());
        var lines = run.StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("error: " + message, lines[^1], StringComparison.Ordinal);
        Assert.All(lines[..^1], l => Assert.StartsWith("{\"Timestamp\"", l, StringComparison.Ordinal));
        Assert.Equal(string.Empty, run.StdOut);
    }

    private static void AssertRow(string[] lines, long id, string username, string idNumber, string suspended) =>
        Assert.Contains(lines, l => l.Split('│', '|').Select(c => c.Trim()).Where(c => c.Length > 0).SequenceEqual([id.ToString(System.Globalization.CultureInfo.InvariantCulture), username, idNumber, suspended]));

    private static SeedEmployee Employee(string id, string status) => new()
    {
        Id = id,
        FirstName = "First" + id,
        LastName = "Last" + id,
        WorkEmail = $"e{id}@example.com",
        Status = status,
        LastChanged = "2026-01-01T00:00:00Z",
    };

    private static SandboxUserView User(string username, string idNumber, bool suspended = false) => new()
    {
        Username = username,
        Idnumber = idNumber,
        Suspended = suspended,
        Firstname = "F",
        Lastname = "L",
        Email = username + "@example.com",
    };

    private static long Id(List<SandboxUserView> users, string username) => users.Single(u => u.Username == username).Id!.Value;

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
