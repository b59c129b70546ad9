using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Pipeline.BambooHr.Tests;

public sealed class EmployeeEndpointTests
{
    [Fact]
    public async Task Get_employee_returns_only_requested_fields_as_strings_with_empty_dates_as_zeros()
    {
        await using var sandbox = await SandboxHost.StartAsync(seedJson: Seeds.Small);

        var (status, body, _) = await sandbox.ApiAsync("api/v1/employees/3?fields=firstName,hireDate,terminationDate,country,lastChanged");

        Assert.Equal(200, status);
        using var json = JsonDocument.Parse(body);
        Assert.Equal(
            ["id", "firstName", "hireDate", "terminationDate", "country", "lastChanged"],
            json.RootElement.EnumerateObject().Select(p => p.Name));
        Assert.All(json.RootElement.EnumerateObject(), p => Assert.Equal(JsonValueKind.String, p.Value.ValueKind));
        Assert.Equal("José", json.RootElement.GetProperty("firstName").GetString());
        Assert.Equal("0000-00-00", json.RootElement.GetProperty("hireDate").GetString());
        Assert.Equal("0000-00-00", json.RootElement.GetProperty("terminationDate").GetString());
        Assert.Equal("Spain", json.RootElement.GetProperty("country").GetString());
        Assert.Equal("2026-01-02T10:00:00+00:00", json.RootElement.GetProperty("lastChanged").GetString());
    }

    [Theory]
    [InlineData("api/v1/employees/3", 200, """{"id":"3"}""")]
    [InlineData("api/v1/employees/404?fields=firstName", 404, null)]
    [InlineData("api/v1/employees/abc?fields=firstName", 404, null)]
    [InlineData("api/v1/employees/3?fields=firstName,favouriteColour", 406, null)]
    public async Task Get_employee_edges(string path, int expectedStatus, string? expectedBody)
    {
        await using var sandbox = await SandboxHost.StartAsync(seedJson: Seeds.Small);

        var (status, body, _) = await sandbox.ApiAsync(path);

        Assert.Equal(expectedStatus, status);
        if (expectedBody is not null)
        {
            Assert.Equal(expectedBody, body);
        }
    }

    [Fact]
    public async Task A_field_hidden_from_the_key_is_silently_omitted_everywhere()
    {
        await using var sandbox = await SandboxHost.StartAsync(o => o.RestrictedKeys["no-email-key"] = ["workEmail"], Seeds.Small);

        var (status, body, _) = await sandbox.ApiAsync("api/v1/employees/1?fields=firstName,workEmail", key: "no-email-key");
        var snapshots = await sandbox.Client(key: "no-email-key").GetSnapshotsAsync(["1", "2"], CancellationToken.None);
        var full = await sandbox.Client().GetSnapshotsAsync(["1"], CancellationToken.None);

        Assert.Equal(200, status);
        Assert.Equal("""{"id":"1","firstName":"Zo\u00EB"}""", body);
        Assert.Null(snapshots["1"].WorkEmail);
        Assert.Equal("Zoë", snapshots["1"].FirstName);
        Assert.Equal("zoe.bronte@acme.example", full["1"].WorkEmail);
    }

    [Fact]
    public async Task Directory_lists_active_employees_only()
    {
        await using var sandbox = await SandboxHost.StartAsync(seedJson: Seeds.Small);

        var (status, body, _) = await sandbox.ApiAsync("api/gateway.php/acme/v1/employees/directory");

        Assert.Equal(200, status);
        using var json = JsonDocument.Parse(body);
        Assert.Equal(["1", "2", "3"], json.RootElement.GetProperty("employees").EnumerateArray().Select(e => e.GetProperty("id").GetString()));
    }

    [Theory]
    [InlineData("api/v1/", 200)]
    [InlineData("api/gateway.php/acme/v1/", 200)]
    [InlineData("api/gateway.php/globex/v1/", 404)]
    [InlineData("api/gateway.php/ACME/v1/", 404)]
    public async Task Both_url_forms_work_and_an_unknown_company_is_404(string prefix, int expected)
    {
        await using var sandbox = await SandboxHost.StartAsync(seedJson: Seeds.Small);

        var (status, _, _) = await sandbox.ApiAsync(prefix + "employees/changed?since=2026-01-01T00:00:00Z");

        Assert.Equal(expected, status);
    }

    [Fact]
    public async Task The_client_works_against_both_url_forms()
    {
        await using var sandbox = await SandboxHost.StartAsync(seedJson: Seeds.Small);

        var legacy = await sandbox.Client(sandbox.LegacyBase).GetSnapshotsAsync(["4"], CancellationToken.None);
        var current = await sandbox.Client(sandbox.V1Base).GetSnapshotsAsync(["4"], CancellationToken.None);

        Assert.Equal(legacy["4"], current["4"]);
        Assert.Equal("Inactive", current["4"].Status);
        Assert.Equal("2025-12-19", current["4"].TerminationDate);
        Assert.Equal(2, await sandbox.CallsAsync("reports.custom"));
    }

    [Theory]
    [InlineData("application/json; charset=utf-8", "format=JSON", 400)]
    [InlineData("text/json", "format=JSON", 400)]
    [InlineData("application/json", "format=CSV", 404)]
    [InlineData("application/json", "format=JSON", 200)]
    public async Task Custom_report_insists_on_exact_json_content_type_and_format(string contentType, string query, int expected)
    {
        await using var sandbox = await SandboxHost.StartAsync(seedJson: Seeds.Small);
        var content = new StringContent("""{"fields":["firstName"],"filters":{"employeeIds":[1]}}""", Encoding.UTF8);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);

        var (status, _, _) = await sandbox.ApiAsync("api/v1/reports/custom?" + query, method: HttpMethod.Post, content: content);

        Assert.Equal(expected, status);
    }

    [Fact]
    public async Task Snapshots_keep_values_exactly_as_sent_including_zero_dates_and_non_ascii()
    {
        await using var sandbox = await SandboxHost.StartAsync(seedJson: Seeds.Small);

        var snapshots = await sandbox.Client().GetSnapshotsAsync(["1", "2", "3", "404"], CancellationToken.None);

        Assert.Equal(["1", "2", "3"], snapshots.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("0000-00-00", snapshots["1"].TerminationDate);
        Assert.Equal("0000-00-00", snapshots["3"].HireDate);
        Assert.Equal(("Łukasz", "Luke", "Poland"), (snapshots["2"].FirstName, snapshots["2"].PreferredName, snapshots["2"].Country));
        Assert.Null(snapshots["3"].PreferredName);
    }

    [Fact]
    public async Task Bulk_fetch_of_1200_employees_takes_three_report_calls()
    {
        await using var sandbox = await SandboxHost.StartAsync();
        using var generated = await sandbox.AdminJsonAsync(HttpMethod.Post, "generate?count=1200&seed=42");
        var ids = generated.RootElement.GetProperty("employees").EnumerateArray().Select(e => e.GetProperty("id").GetString()!).ToList();

        var snapshots = await sandbox.Client().GetSnapshotsAsync(ids, CancellationToken.None);

        Assert.Equal(1200, snapshots.Count);
        Assert.Equal(3, await sandbox.CallsAsync("reports.custom"));
        Assert.Equal(0, await sandbox.CallsAsync("employees.get"));
    }

    [Fact]
    public async Task The_whole_company_comes_in_one_report_call_with_every_status()
    {
        await using var sandbox = await SandboxHost.StartAsync();
        using var generated = await sandbox.AdminJsonAsync(HttpMethod.Post, "generate?count=1200&seed=42&deleted=5");
        var employees = generated.RootElement.GetProperty("employees").EnumerateArray()
            .ToDictionary(e => e.GetProperty("id").GetString()!, e => e.GetProperty("status").GetString(), StringComparer.Ordinal);

        var snapshots = await sandbox.Client(chunk: 100).GetAllSnapshotsAsync(CancellationToken.None);

        // Leavers too, deleted employees not, and one call whatever the chunk size.
        Assert.Equal(employees.Keys.Order(StringComparer.Ordinal), snapshots.Keys.Order(StringComparer.Ordinal));
        Assert.Contains(snapshots.Values, s => s.Status == "Inactive");
        Assert.All(snapshots, kv => Assert.Equal(employees[kv.Key], kv.Value.Status));
        Assert.Equal(1, await sandbox.CallsAsync("reports.custom"));
    }
}
