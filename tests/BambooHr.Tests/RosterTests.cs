using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Pipeline.Contracts;

namespace Pipeline.BambooHr.Tests;

/// <summary>The whole company for a full run: one custom report without a filter, ids and lastChanged only.</summary>
public sealed class RosterTests
{
    [Fact]
    public async Task Every_employee_of_every_status_comes_with_its_last_change_and_deleted_ones_do_not()
    {
        await using var sandbox = await SandboxHost.StartAsync(seedJson: Seeds.Small);

        var roster = await sandbox.Client().GetAllEmployeesAsync(CancellationToken.None);

        // 4 is an Inactive leaver and is there; 9 was deleted and is not.
        Assert.Equal(["1", "2", "3", "4"], roster.Select(e => e.Id));
        Assert.All(roster, e => Assert.Equal(EmployeeAction.Updated, e.Action));
        Assert.Equal(new DateTimeOffset(2025, 12, 31, 23, 30, 0, TimeSpan.Zero), roster[1].LastChanged);
        Assert.Equal(new DateTimeOffset(2026, 1, 2, 10, 0, 0, TimeSpan.Zero), roster[2].LastChanged);
        Assert.Equal(1, await sandbox.CallsAsync("reports.custom"));
    }

    [Fact]
    public async Task The_report_asks_for_lastChanged_only_and_sends_no_filter()
    {
        string? body = null;
        await using var server = await CannedServer.StartAsync(async context =>
        {
            using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
            body = await reader.ReadToEndAsync();
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync("""{"title":"pipeline-roster","fields":[],"employees":[{"id":"7","lastChanged":"2026-01-01T00:00:00+00:00"}]}""");
        });

        var roster = await server.Client().GetAllEmployeesAsync(CancellationToken.None);

        Assert.Equal("7", Assert.Single(roster).Id);
        Assert.Contains("/v1/reports/custom?format=JSON", Assert.Single(server.Requests).PathAndQuery, StringComparison.Ordinal);
        using var request = JsonDocument.Parse(body!);
        Assert.Equal(["lastChanged"], request.RootElement.GetProperty("fields").EnumerateArray().Select(f => f.GetString()));
        Assert.False(request.RootElement.TryGetProperty("filters", out _));
    }

    [Fact]
    public async Task A_row_without_lastChanged_is_kept_dated_the_epoch_so_it_never_moves_the_watermark()
    {
        await using var server = await CannedServer.StartAsync(200, "application/json",
            """{"employees":[{"id":"10","lastChanged":null},{"id":"2","lastChanged":"2026-02-01T08:00:00Z"},{"id":"3"}]}""");

        var roster = await server.Client().GetAllEmployeesAsync(CancellationToken.None);

        Assert.Equal(["2", "3", "10"], roster.Select(e => e.Id));
        Assert.Equal([new DateTimeOffset(2026, 2, 1, 8, 0, 0, TimeSpan.Zero), DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch], roster.Select(e => e.LastChanged));
    }

    [Theory]
    [InlineData("""{"employees":[{"id":"1","lastChanged":"yesterday"}]}""", "lastChanged")]
    [InlineData("""{"employees":[{"id":"1","lastChanged":"2026-01-01T00:00:00Z"},{"id":"1","lastChanged":"2026-01-01T00:00:00Z"}]}""", "twice")]
    [InlineData("""{"employees":[{"id":"x1","lastChanged":"2026-01-01T00:00:00Z"}]}""", "numeric id")]
    [InlineData("""{"title":"no rows"}""", "'employees'")]
    public async Task A_roster_it_cannot_trust_fails_the_run_naming_what_is_wrong(string answer, string named)
    {
        await using var server = await CannedServer.StartAsync(200, "application/json", answer);

        var ex = await Assert.ThrowsAsync<BambooHrException>(() => server.Client().GetAllEmployeesAsync(CancellationToken.None));

        Assert.Equal("invalid_response", ex.Code);
        Assert.Contains(named, ex.Message, StringComparison.Ordinal);
    }
}
