using System.Globalization;
using System.Text.Json;

namespace Pipeline.BambooHr.Tests;

public sealed class GeneratorTests
{
    private const string Now = "2026-03-15T00:00:00Z";

    [Fact]
    public async Task The_same_seed_gives_the_same_document_and_another_seed_does_not()
    {
        await using var sandbox = await SandboxHost.StartAsync();

        using var a = await sandbox.AdminJsonAsync(HttpMethod.Post, $"generate?count=60&seed=7&now={Now}");
        using var b = await sandbox.AdminJsonAsync(HttpMethod.Post, $"generate?count=60&seed=7&now={Now}");
        using var c = await sandbox.AdminJsonAsync(HttpMethod.Post, $"generate?count=60&seed=8&now={Now}");

        Assert.Equal(a.RootElement.GetRawText(), b.RootElement.GetRawText());
        Assert.NotEqual(a.RootElement.GetRawText(), c.RootElement.GetRawText());
    }

    [Fact]
    public async Task Generate_loads_what_it_returns()
    {
        await using var sandbox = await SandboxHost.StartAsync();

        using var generated = await sandbox.AdminJsonAsync(HttpMethod.Post, $"generate?count=30&seed=1&now={Now}&deleted=2");
        using var listed = await sandbox.AdminJsonAsync(HttpMethod.Get, "employees");

        Assert.Equal(
            generated.RootElement.GetProperty("employees").EnumerateArray().Select(e => e.GetProperty("workEmail").ToString()),
            listed.RootElement.GetProperty("employees").EnumerateArray().Select(e => e.GetProperty("workEmail").ToString()));
        Assert.Equal(["31", "32"], listed.RootElement.GetProperty("deleted").EnumerateArray().Select(e => e.GetProperty("id").GetString()));
    }

    [Fact]
    public async Task Exactly_three_poison_records_are_listed_with_reasons_and_are_what_they_claim()
    {
        await using var sandbox = await SandboxHost.StartAsync();

        using var doc = await sandbox.AdminJsonAsync(HttpMethod.Post, $"generate?count=100&seed=3&now={Now}");

        var employees = doc.RootElement.GetProperty("employees").EnumerateArray().ToDictionary(e => e.GetProperty("id").GetString()!);
        var poison = doc.RootElement.GetProperty("poison").EnumerateArray()
            .ToDictionary(p => p.GetProperty("reason").GetString()!.Split(" (")[0], p => p.GetProperty("id").GetString()!);
        Assert.Equal(["duplicate work email", "invalid work email", "missing work email"], poison.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(JsonValueKind.Null, employees[poison["missing work email"]].GetProperty("workEmail").ValueKind);
        Assert.Equal("not-an-email", employees[poison["invalid work email"]].GetProperty("workEmail").GetString());

        var duplicateId = poison["duplicate work email"];
        var duplicateEmail = employees[duplicateId].GetProperty("workEmail").GetString();
        var original = Assert.Single(employees.Values, e => e.GetProperty("workEmail").GetString() == duplicateEmail && e.GetProperty("id").GetString() != duplicateId);
        Assert.Equal("Active", original.GetProperty("status").GetString());
        Assert.True(long.Parse(original.GetProperty("id").GetString()!, CultureInfo.InvariantCulture) < long.Parse(duplicateId, CultureInfo.InvariantCulture));

        // Apart from the poison, every work e-mail is distinct and looks like one.
        var clean = employees.Values.Where(e => !poison.ContainsValue(e.GetProperty("id").GetString()!)).Select(e => e.GetProperty("workEmail").GetString()!).ToList();
        Assert.Equal(clean.Count, clean.Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.All(clean, email => Assert.Matches(@"^[a-z]+\.[a-z]+\d*@acme\.example$", email));
    }

    [Fact]
    public async Task Generated_people_are_realistic_joiners_leavers_a_rehire_and_non_ascii_names()
    {
        await using var sandbox = await SandboxHost.StartAsync();
        var anchor = DateOnly.Parse("2026-03-15", CultureInfo.InvariantCulture);

        using var doc = await sandbox.AdminJsonAsync(HttpMethod.Post, $"generate?count=200&seed=11&now={Now}");

        var employees = doc.RootElement.GetProperty("employees").EnumerateArray().ToList();
        string S(JsonElement e, string field) => e.GetProperty(field).GetString()!;

        var active = employees.Count(e => S(e, "status") == "Active");
        var leavers = employees.Where(e => S(e, "status") == "Inactive").ToList();
        Assert.True(active > 150, $"{active} active");
        Assert.NotEmpty(leavers);
        Assert.All(leavers, e => Assert.True(DateOnly.Parse(S(e, "terminationDate"), CultureInfo.InvariantCulture) < anchor));

        var rehireId = doc.RootElement.GetProperty("rehireId").GetString();
        var rehire = employees.Single(e => S(e, "id") == rehireId);
        Assert.Equal("Active", S(rehire, "status"));
        Assert.True(DateOnly.Parse(S(rehire, "terminationDate"), CultureInfo.InvariantCulture) < DateOnly.Parse(S(rehire, "hireDate"), CultureInfo.InvariantCulture));
        Assert.True(DateOnly.Parse(S(rehire, "hireDate"), CultureInfo.InvariantCulture) > anchor.AddDays(-30));

        var names = employees.Select(e => S(e, "firstName") + " " + S(e, "lastName")).ToList();
        foreach (var expected in new[] { "Zoë", "Łukasz", "José", "Søren", "王" })
        {
            Assert.Contains(names, n => n.Contains(expected, StringComparison.Ordinal));
        }

        var countries = employees.Select(e => S(e, "country")).ToHashSet();
        Assert.Superset(new HashSet<string> { "United Kingdom", "United States", "Germany", "France", "Ireland", "Spain", "Poland", "India" }, countries);
        Assert.True(employees.Select(e => S(e, "department")).Distinct().Count() >= 5);
        Assert.True(employees.Select(e => S(e, "location")).Distinct().Count() >= 8);

        var changed = employees.Select(e => DateTimeOffset.Parse(S(e, "lastChanged"), CultureInfo.InvariantCulture)).ToList();
        var end = new DateTimeOffset(2026, 3, 15, 0, 0, 0, TimeSpan.Zero);
        Assert.All(changed, c => Assert.InRange(c, end.AddDays(-10), end));
        Assert.True(changed.Max() - changed.Min() > TimeSpan.FromDays(8), "lastChanged should spread over about ten days");
    }

    [Theory]
    [InlineData("generate?count=5")]
    [InlineData("generate?count=abc")]
    [InlineData("generate?count=50&seed=x")]
    [InlineData("generate?count=50&now=2026-03-15")]
    public async Task Bad_generate_parameters_are_400(string path)
    {
        await using var sandbox = await SandboxHost.StartAsync();

        using var response = await sandbox.Http.PostAsync("_sandbox/bamboohr/" + path, null);

        Assert.Equal(400, (int)response.StatusCode);
    }

    [Fact]
    public async Task The_example_seed_document_loads()
    {
        await using var sandbox = await SandboxHost.StartAsync();
        var path = Path.Combine(AppContext.BaseDirectory, "seed.example.json");

        await sandbox.LoadAsync(await File.ReadAllTextAsync(path));

        using var listed = await sandbox.AdminJsonAsync(HttpMethod.Get, "employees");
        Assert.True(listed.RootElement.GetProperty("employees").GetArrayLength() >= 8);
    }

    [Theory]
    [InlineData("""{"employees":[{"id":"x1"}]}""")]
    [InlineData("""{"employees":[{"id":"1","status":"Terminated"}]}""")]
    [InlineData("""{"employees":[{"id":"1","hireDate":"01/02/2020"}]}""")]
    [InlineData("""{"employees":[{"id":"1","lastChanged":"2026-01-01 00:00:00"}]}""")]
    [InlineData("""{"employees":[{"id":"1"},{"id":"1"}]}""")]
    [InlineData("""{"employees":[{"id":"1","age":"40"}]}""")]
    [InlineData("""{"employees":[{"id":1}]}""")]
    public async Task A_bad_seed_is_refused_with_400(string seed)
    {
        await using var sandbox = await SandboxHost.StartAsync();

        using var response = await sandbox.Http.PostAsync("_sandbox/bamboohr/load", new StringContent(seed, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(400, (int)response.StatusCode);
    }
}
