using System.Text;
using Microsoft.AspNetCore.Http;
using Pipeline.Contracts;

namespace Pipeline.BambooHr.Tests;

/// <summary>Answers a broken or hostile server could give; each must become a BambooHrException that says what was wrong.</summary>
public sealed class HostileAnswerTests
{
    private const string Json = "application/json";

    [Theory]
    [InlineData("{not json", "not valid JSON")]
    [InlineData("""{"latest":"2026-01-01T00:00:00+00:00","employees":{"3":{"id":"3","act""", "not valid JSON")]
    [InlineData("", "empty")]
    [InlineData("[]", "not an object")]
    [InlineData("""{"employees":{"3":{"id":"3","action":"Inserted","lastChanged":"2026-01-01T00:00:00+00:00"}}}""", "'latest' is missing")]
    [InlineData("""{"latest":null,"employees":{"3":{"id":"3","action":"Inserted","lastChanged":"2026-01-01T00:00:00+00:00"}}}""", "'latest' is missing")]
    [InlineData("""{"latest":1767225600,"employees":{}}""", "'latest' is the number")]
    [InlineData("""{"latest":"last tuesday","employees":{}}""", "'latest' is the string")]
    [InlineData("""{"latest":"2026-01-01T00:00:00+00:00","employees":"3"}""", "'employees' is the string")]
    [InlineData("""{"latest":"2026-01-01T00:00:00+00:00","employees":[{"id":"3"}]}""", "'employees' is a JSON array")]
    [InlineData("""{"latest":"2026-01-01T00:00:00+00:00","employees":{"3":{"id":3,"action":"Inserted","lastChanged":"2026-01-01T00:00:00+00:00"}}}""", "has id the number 3")]
    [InlineData("""{"latest":"2026-01-01T00:00:00+00:00","employees":{"3":{"id":"4","action":"Inserted","lastChanged":"2026-01-01T00:00:00+00:00"}}}""", "has id the string \"4\"")]
    [InlineData("""{"latest":"2026-01-01T00:00:00+00:00","employees":{"3":{"id":"3","action":"Created","lastChanged":"2026-01-01T00:00:00+00:00"}}}""", "action \"Created\"")]
    [InlineData("""{"latest":"2026-01-01T00:00:00+00:00","employees":{"3":{"id":"3","action":"inserted","lastChanged":"2026-01-01T00:00:00+00:00"}}}""", "action \"inserted\"")]
    [InlineData("""{"latest":"2026-01-01T00:00:00+00:00","employees":{"3":{"id":"3","action":1,"lastChanged":"2026-01-01T00:00:00+00:00"}}}""", "no string 'action'")]
    [InlineData("""{"latest":"2026-01-01T00:00:00+00:00","employees":{"3":{"id":"3","action":"Updated","lastChanged":null}}}""", "'lastChanged'")]
    [InlineData("""{"latest":"2026-01-01T00:00:00+00:00","employees":{"abc":{"id":"abc","action":"Updated","lastChanged":"2026-01-01T00:00:00+00:00"}}}""", "'abc' is not a numeric employee id")]
    [InlineData("""{"latest":"2026-01-01T00:00:00+00:00","employees":{"-3":{"id":"-3","action":"Updated","lastChanged":"2026-01-01T00:00:00+00:00"}}}""", "not a numeric employee id")]
    [InlineData("""{"latest":"2026-01-01T00:00:00+00:00","employees":{"3":"Inserted"}}""", "employee 3 is the string")]
    public async Task A_hostile_changed_answer_fails_with_a_message_saying_what_was_wrong(string body, string expected)
    {
        await using var server = await CannedServer.StartAsync(200, Json, body);

        var error = await Assert.ThrowsAsync<BambooHrException>(() => server.Client().GetChangesSinceAsync(DateTimeOffset.UnixEpoch, CancellationToken.None));

        Assert.Equal("invalid_response", error.Code);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_html_page_with_status_200_is_called_out_as_html_and_points_at_BaseUrl()
    {
        await using var server = await CannedServer.StartAsync(200, "text/html; charset=utf-8", "<!DOCTYPE html><html><body>Log in to BambooHR</body></html>");

        var error = await Assert.ThrowsAsync<BambooHrException>(() => server.Client().GetChangesSinceAsync(DateTimeOffset.UnixEpoch, CancellationToken.None));

        Assert.Equal(("invalid_response", 200), (error.Code, error.StatusCode));
        Assert.Contains("HTML", error.Message, StringComparison.Ordinal);
        Assert.Contains("BambooHr:BaseUrl", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_body_cut_off_mid_transfer_fails_as_a_broken_connection()
    {
        await using var server = await CannedServer.StartAsync(async context =>
        {
            context.Response.StatusCode = 200;
            context.Response.ContentType = Json;
            context.Response.ContentLength = 500;
            await context.Response.WriteAsync("""{"latest":"2026-01-01T00:00:00+00:00","emp""");
            await context.Response.Body.FlushAsync();
            context.Abort();
        });

        var error = await Assert.ThrowsAsync<BambooHrException>(() => server.Client().GetChangesSinceAsync(DateTimeOffset.UnixEpoch, CancellationToken.None));

        Assert.Equal("unreachable", error.Code);
        Assert.Contains("connection broke", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"latest":null,"employees":[]}""")]
    [InlineData("""{"latest":null,"employees":{}}""")]
    [InlineData("""{"latest":null}""")]
    [InlineData("""{"employees":[]}""")]
    [InlineData("""{"latest":"2026-02-02T00:00:00+00:00","employees":{}}""")]
    public async Task Every_plausible_empty_change_set_is_valid(string body)
    {
        await using var server = await CannedServer.StartAsync(200, Json, body);
        var since = new DateTimeOffset(2026, 2, 1, 0, 0, 0, TimeSpan.Zero);

        var changes = await server.Client().GetChangesSinceAsync(since, CancellationToken.None);

        Assert.Empty(changes.Employees);
        Assert.True(changes.Latest >= since);
    }

    [Fact]
    public async Task The_client_sends_since_percent_encoded_with_basic_auth_and_accept_json()
    {
        await using var server = await CannedServer.StartAsync(200, Json, """{"latest":null,"employees":[]}""");

        await server.Client(key: "k-123").GetChangesSinceAsync(new DateTimeOffset(2026, 1, 1, 1, 0, 0, TimeSpan.FromHours(1)), CancellationToken.None);

        var request = Assert.Single(server.Requests);
        Assert.Equal("/api/gateway.php/acme/v1/employees/changed?since=2026-01-01T01%3A00%3A00%2B01%3A00", request.PathAndQuery);
        Assert.Equal("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("k-123:x")), request.Authorization);
        Assert.Equal("application/json", request.Accept);
    }

    [Fact]
    public async Task Changes_are_read_in_order_with_their_actions_and_offsets()
    {
        await using var server = await CannedServer.StartAsync(200, Json, """
            {"latest":"2011-06-02T19:26:23+00:00",
             "employees":{"3":{"id":"3","action":"Inserted","lastChanged":"2011-06-02T19:26:23+00:00"},
                          "5":{"id":"5","action":"Deleted","lastChanged":"2011-06-02T21:26:23+0200"}}}
            """);

        var changes = await server.Client().GetChangesSinceAsync(DateTimeOffset.UnixEpoch, CancellationToken.None);

        Assert.Equal(
            [new EmployeeChange("3", EmployeeAction.Inserted, new DateTimeOffset(2011, 6, 2, 19, 26, 23, TimeSpan.Zero)),
             new EmployeeChange("5", EmployeeAction.Deleted, new DateTimeOffset(2011, 6, 2, 19, 26, 23, TimeSpan.Zero))],
            changes.Employees);
        Assert.Equal(new DateTimeOffset(2011, 6, 2, 19, 26, 23, TimeSpan.Zero), changes.Latest);
    }

    [Fact]
    public async Task A_body_that_stalls_after_the_headers_fails_as_a_timeout_instead_of_hanging()
    {
        await using var server = await CannedServer.StartAsync(async context =>
        {
            context.Response.StatusCode = 200;
            context.Response.ContentType = Json;
            await context.Response.WriteAsync("""{"latest":null,"employees":""");
            await context.Response.Body.FlushAsync();
            await Task.Delay(TimeSpan.FromSeconds(30), context.RequestAborted);
        });
        var client = server.Client(timeout: TimeSpan.FromMilliseconds(500));

        var call = client.GetChangesSinceAsync(DateTimeOffset.UnixEpoch, CancellationToken.None);
        var finished = await Task.WhenAny(call, Task.Delay(TimeSpan.FromSeconds(15)));

        Assert.Same(call, finished);
        var error = await Assert.ThrowsAsync<BambooHrException>(() => call);
        Assert.Equal("timeout", error.Code);
        Assert.Contains("not the whole body", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_large_report_sent_in_small_chunks_without_a_length_is_read_whole()
    {
        var ids = Enumerable.Range(1, 2000).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList();
        await using var server = await CannedServer.StartAsync(async context =>
        {
            context.Response.StatusCode = 200;
            context.Response.ContentType = Json;
            await context.Response.WriteAsync("""{"title":"x","fields":[],"employees":[""");
            for (var i = 0; i < ids.Count; i++)
            {
                // About 300 KB in all, written and flushed row by row: chunked, no Content-Length, many small reads.
                await context.Response.WriteAsync((i == 0 ? "" : ",") + $$"""{"id":"{{ids[i]}}","firstName":"{{new string('n', 100)}}","jobTitle":"{{new string('t', 40)}}{{ids[i]}}"}""");
                await context.Response.Body.FlushAsync();
            }

            await context.Response.WriteAsync("]}");
        });

        var snapshots = await server.Client().GetSnapshotsAsync(ids, CancellationToken.None);

        Assert.Equal(ids.Count, snapshots.Count);
        Assert.Equal(new string('t', 40) + "1999", snapshots["1999"].JobTitle);
    }

    [Theory]
    [InlineData("""{"title":"x","fields":[]}""", "no 'employees' array")]
    [InlineData("""{"employees":{"3":{}}}""", "no 'employees' array")]
    [InlineData("""{"employees":[{"id":3,"firstName":"A"}]}""", "has id the number 3")]
    [InlineData("""{"employees":[{"id":"x3","firstName":"A"}]}""", "has id the string \"x3\"")]
    [InlineData("""{"employees":[{"firstName":"A"}]}""", "has id (missing)")]
    [InlineData("""{"employees":[{"id":"3","employeeNumber":1003}]}""", "field 'employeeNumber' is the number 1003")]
    [InlineData("""{"employees":[{"id":"3","workEmail":{"value":"a@b.c"}}]}""", "field 'workEmail' is a JSON object")]
    [InlineData("""{"employees":[{"id":"3","status":true}]}""", "field 'status' is the boolean true")]
    [InlineData("""{"employees":[{"id":"3"},{"id":"3"}]}""", "employee 3 appears twice")]
    [InlineData("""{"employees":["3"]}""", "is the string \"3\"")]
    public async Task A_hostile_report_answer_fails_with_a_message_saying_what_was_wrong(string body, string expected)
    {
        await using var server = await CannedServer.StartAsync(200, Json, body);

        var error = await Assert.ThrowsAsync<BambooHrException>(() => server.Client().GetSnapshotsAsync(["3"], CancellationToken.None));

        Assert.Equal("invalid_response", error.Code);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_report_that_ignores_the_id_filter_yields_only_the_ids_asked_for()
    {
        await using var server = await CannedServer.StartAsync(200, Json, """
            {"employees":[{"id":"3","firstName":"Ann","hireDate":"0000-00-00"},{"id":"4","firstName":"Bob"}]}
            """);

        var snapshots = await server.Client().GetSnapshotsAsync(["3"], CancellationToken.None);

        var only = Assert.Single(snapshots);
        Assert.Equal(("3", "Ann", "0000-00-00", null), (only.Key, only.Value.FirstName, only.Value.HireDate, only.Value.LastName));
    }

    [Fact]
    public async Task The_report_request_uses_exact_json_content_type_and_numeric_id_filter()
    {
        string? contentType = null;
        string? body = null;
        await using var server = await CannedServer.StartAsync(async context =>
        {
            contentType = context.Request.ContentType;
            body = await new StreamReader(context.Request.Body).ReadToEndAsync();
            context.Response.ContentType = Json;
            await context.Response.WriteAsync("""{"employees":[]}""");
        });

        await server.Client().GetSnapshotsAsync(["3", "5", "3"], CancellationToken.None);

        Assert.Equal("application/json", contentType);
        Assert.Contains("\"employeeIds\":[3,5]", body, StringComparison.Ordinal);
        Assert.Equal("/api/gateway.php/acme/v1/reports/custom?format=JSON&onlyCurrent=true", Assert.Single(server.Requests).PathAndQuery);
    }

    [Fact]
    public async Task Non_numeric_ids_are_refused_before_any_call()
    {
        await using var server = await CannedServer.StartAsync(200, Json, """{"employees":[]}""");

        await Assert.ThrowsAsync<ArgumentException>(() => server.Client().GetSnapshotsAsync(["3", "abc"], CancellationToken.None));

        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task A_server_error_message_header_is_quoted_but_an_echoed_key_is_masked()
    {
        await using var server = await CannedServer.StartAsync(context =>
        {
            context.Response.StatusCode = 400;
            context.Response.Headers["X-BambooHR-Error-Messsage"] = "Bad since for key secret-key-999";
            return Task.CompletedTask;
        });

        var error = await Assert.ThrowsAsync<BambooHrException>(() =>
            server.Client(key: "secret-key-999").GetChangesSinceAsync(DateTimeOffset.UnixEpoch, CancellationToken.None));

        Assert.Equal(("bad_request", 400), (error.Code, error.StatusCode));
        Assert.Contains("Bad since for key ***", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-key-999", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancellation_is_honoured_and_not_turned_into_a_BambooHr_error()
    {
        await using var server = await CannedServer.StartAsync(async context => await Task.Delay(TimeSpan.FromSeconds(30), context.RequestAborted));
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => server.Client().GetChangesSinceAsync(DateTimeOffset.UnixEpoch, cts.Token));
    }
}
