using System.Text.Json;
using Pipeline.Contracts;

namespace Pipeline.BambooHr.Tests;

public sealed class ChangedSinceTests
{
    [Fact]
    public async Task Since_with_a_plus_offset_sent_percent_encoded_is_read_as_that_instant()
    {
        await using var sandbox = await SandboxHost.StartAsync(seedJson: Seeds.Small);

        // 01:00+01:00 is 00:00Z: employee 2 (23:30Z the day before) is out, 1 (00:30Z) is in.
        var (status, body, _) = await sandbox.ApiAsync("api/v1/employees/changed?since=2026-01-01T01%3A00%3A00%2B01%3A00");

        Assert.Equal(200, status);
        using var json = JsonDocument.Parse(body);
        var ids = json.RootElement.GetProperty("employees").EnumerateObject().Select(p => p.Name).ToArray();
        Assert.Equal(["1", "3", "4", "9"], ids);
        Assert.Equal("2026-01-04T00:00:00+00:00", json.RootElement.GetProperty("latest").GetString());
    }

    [Fact]
    public async Task The_client_sends_a_plus_offset_encoded_and_gets_the_same_changes()
    {
        await using var sandbox = await SandboxHost.StartAsync(seedJson: Seeds.Small);

        var changes = await sandbox.Client().GetChangesSinceAsync(
            new DateTimeOffset(2026, 1, 1, 1, 0, 0, TimeSpan.FromHours(1)), CancellationToken.None);

        Assert.Equal(["1", "3", "4", "9"], changes.Employees.Select(e => e.Id));
        Assert.Equal(new DateTimeOffset(2026, 1, 4, 0, 0, 0, TimeSpan.Zero), changes.Latest);
    }

    [Fact]
    public async Task A_literal_plus_that_arrives_as_a_space_is_refused_with_400_naming_the_fix()
    {
        await using var sandbox = await SandboxHost.StartAsync(seedJson: Seeds.Small);

        var (status, body, response) = await sandbox.ApiAsync("api/v1/employees/changed?since=2026-01-01T01:00:00+01:00");

        Assert.Equal(400, status);
        Assert.Contains("%2B", body, StringComparison.Ordinal);
        Assert.Contains("%2B", response.Headers.GetValues("X-BambooHR-Error-Message").Single(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("?since=")]
    [InlineData("?since=yesterday")]
    [InlineData("?since=2026-01-01T00:00:00")]
    [InlineData("?since=2026-01-01")]
    [InlineData("?since=2026-01-01T00:00:00.123Z")]
    [InlineData("?since=2026-13-01T00:00:00Z")]
    [InlineData("?since=2026-01-01T00:00:00Z&type=Inserted")]
    [InlineData("?since=2026-01-01T00:00:00Z&type=bogus")]
    public async Task Malformed_since_or_type_is_400(string query)
    {
        await using var sandbox = await SandboxHost.StartAsync(seedJson: Seeds.Small);

        var (status, _, _) = await sandbox.ApiAsync("api/v1/employees/changed" + query);

        Assert.Equal(400, status);
    }

    [Theory]
    [InlineData("2026-01-01T00:00:00Z")]
    [InlineData("2026-01-01T00:00:00-0000")]
    [InlineData("2026-01-01T01:00:00%2B0100")]
    [InlineData("2025-12-31T19:00:00-05:00")]
    public async Task Every_documented_offset_form_is_accepted(string since)
    {
        await using var sandbox = await SandboxHost.StartAsync(seedJson: Seeds.Small);

        var (status, body, _) = await sandbox.ApiAsync("api/v1/employees/changed?since=" + since);

        Assert.Equal(200, status);
        using var json = JsonDocument.Parse(body);
        Assert.Equal(4, json.RootElement.GetProperty("employees").EnumerateObject().Count());
    }

    [Fact]
    public async Task Created_after_since_is_Inserted_earlier_creation_is_Updated_and_deletions_are_Deleted()
    {
        await using var sandbox = await SandboxHost.StartAsync(seedJson: Seeds.Small);

        var changes = await sandbox.Client().GetChangesSinceAsync(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero), CancellationToken.None);

        var actions = changes.Employees.ToDictionary(e => e.Id, e => e.Action);
        Assert.Equal(EmployeeAction.Updated, actions["1"]);
        Assert.Equal(EmployeeAction.Inserted, actions["3"]);
        Assert.Equal(EmployeeAction.Updated, actions["4"]);
        Assert.Equal(EmployeeAction.Deleted, actions["9"]);
    }

    [Theory]
    [InlineData("inserted", new[] { "3" })]
    [InlineData("updated", new[] { "1", "4" })]
    [InlineData("deleted", new[] { "9" })]
    [InlineData("all", new[] { "1", "3", "4", "9" })]
    public async Task The_type_filter_keeps_only_that_action(string type, string[] expected)
    {
        await using var sandbox = await SandboxHost.StartAsync(seedJson: Seeds.Small);

        var (status, body, _) = await sandbox.ApiAsync($"api/v1/employees/changed?since=2026-01-01T00:00:00Z&type={type}");

        Assert.Equal(200, status);
        using var json = JsonDocument.Parse(body);
        Assert.Equal(expected, json.RootElement.GetProperty("employees").EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public async Task Deleting_through_the_admin_api_reports_Deleted_now_and_the_employee_is_gone()
    {
        await using var sandbox = await SandboxHost.StartAsync(seedJson: Seeds.Small);
        var before = DateTimeOffset.UtcNow.AddSeconds(-2);

        (await sandbox.AdminJsonAsync(HttpMethod.Delete, "employees/2")).Dispose();

        var changes = await sandbox.Client().GetChangesSinceAsync(before, CancellationToken.None);
        var change = Assert.Single(changes.Employees);
        Assert.Equal(("2", EmployeeAction.Deleted), (change.Id, change.Action));
        Assert.Equal(404, (await sandbox.ApiAsync("api/v1/employees/2?fields=firstName")).Status);
    }

    [Fact]
    public async Task An_admin_update_stamps_lastChanged_now_and_reports_Updated()
    {
        await using var sandbox = await SandboxHost.StartAsync(seedJson: Seeds.Small);
        var before = DateTimeOffset.UtcNow.AddSeconds(-2);

        (await sandbox.AdminJsonAsync(HttpMethod.Put, "employees/2", """{"department":"Marketing"}""")).Dispose();
        (await sandbox.AdminJsonAsync(HttpMethod.Put, "employees/77", """{"firstName":"New","status":"Active"}""")).Dispose();

        var changes = await sandbox.Client().GetChangesSinceAsync(before, CancellationToken.None);
        Assert.Equal([("2", EmployeeAction.Updated), ("77", EmployeeAction.Inserted)], changes.Employees.Select(e => (e.Id, e.Action)));
        Assert.True(changes.Latest >= before);
    }

    [Fact]
    public async Task An_empty_change_set_is_PHP_shaped_and_the_client_keeps_since_as_latest()
    {
        await using var sandbox = await SandboxHost.StartAsync(seedJson: Seeds.Small);
        var since = new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);

        var (_, body, _) = await sandbox.ApiAsync("api/v1/employees/changed?since=2030-01-01T00:00:00Z");
        var changes = await sandbox.Client().GetChangesSinceAsync(since, CancellationToken.None);

        Assert.Equal("""{"latest":null,"employees":[]}""", body);
        Assert.Empty(changes.Employees);
        Assert.Equal(since, changes.Latest);
    }
}
