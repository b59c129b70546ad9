using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Pipeline.Bench;

/// <summary>Counters read from GET /_sandbox/moodle/stats.</summary>
internal sealed record MoodleStats(IReadOnlyDictionary<string, long> Calls, IReadOnlyDictionary<string, long> Written, int MaxInFlight)
{
    public long TotalCalls => Calls.Values.Sum();

    public long TotalWritten => Written.Values.Sum();

    public MoodleStats Minus(MoodleStats before) => new(
        Calls.ToDictionary(kv => kv.Key, kv => kv.Value - before.Calls.GetValueOrDefault(kv.Key), StringComparer.Ordinal),
        Written.ToDictionary(kv => kv.Key, kv => kv.Value - before.Written.GetValueOrDefault(kv.Key), StringComparer.Ordinal),
        MaxInFlight);

    public string Describe() => string.Join(", ", Calls.Where(kv => kv.Value > 0).Select(kv => $"{kv.Key}={kv.Value}"));
}

/// <summary>A generated BambooHR employee, as far as the bench needs it.</summary>
internal sealed record SeedEmployee(string Id, string Status, string? Department);

/// <summary>The sandboxes' admin endpoints (loopback only).</summary>
internal sealed class SandboxAdmin(HttpClient http, BenchSettings settings)
{
    public async Task SetMoodleProfileAsync(string profile, CancellationToken ct)
    {
        using var body = new StringContent($$"""{"profile":"{{profile}}"}""", Encoding.UTF8, "application/json");
        using var response = await http.PutAsync(new Uri(settings.MoodleRoot, "_sandbox/moodle/faults"), body, ct).ConfigureAwait(false);
        await EnsureAsync(response, "PUT /_sandbox/moodle/faults", ct).ConfigureAwait(false);
    }

    /// <summary>Reads the fault settings back, so the report shows what the sandbox really applied.</summary>
    public async Task<string> GetMoodleFaultsAsync(CancellationToken ct) =>
        await http.GetStringAsync(new Uri(settings.MoodleRoot, "_sandbox/moodle/faults"), ct).ConfigureAwait(false);

    public async Task ResetMoodleAsync(CancellationToken ct)
    {
        using var response = await http.PostAsync(new Uri(settings.MoodleRoot, "_sandbox/moodle/reset"), null, ct).ConfigureAwait(false);
        await EnsureAsync(response, "POST /_sandbox/moodle/reset", ct).ConfigureAwait(false);
    }

    public async Task<MoodleStats> GetMoodleStatsAsync(CancellationToken ct)
    {
        var json = await http.GetStringAsync(new Uri(settings.MoodleRoot, "_sandbox/moodle/stats"), ct).ConfigureAwait(false);
        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;
        return new MoodleStats(Counters(root, "calls"), Counters(root, "users_written"),
            root.TryGetProperty("max_in_flight", out var m) ? m.GetInt32() : 0);
    }

    /// <summary>idnumbers of the users Moodle holds (the sandbox's admin view).</summary>
    public async Task<HashSet<string>> GetMoodleIdNumbersAsync(CancellationToken ct)
    {
        var json = await http.GetStringAsync(new Uri(settings.MoodleRoot, "_sandbox/moodle/users"), ct).ConfigureAwait(false);
        using var doc = JsonDocument.Parse(json);
        var result = new HashSet<string>(StringComparer.Ordinal);
        foreach (var user in doc.RootElement.EnumerateArray())
        {
            if (user.TryGetProperty("idnumber", out var id) && id.ValueKind == JsonValueKind.String && id.GetString() is { Length: > 0 } s
                && !(user.TryGetProperty("suspended", out var susp) && susp.ValueKind == JsonValueKind.True))
            {
                result.Add(s);
            }
        }

        return result;
    }

    public async Task<(List<SeedEmployee> Employees, HashSet<string> Poison, string? RehireId)> GenerateEmployeesAsync(int count, int seed, CancellationToken ct)
    {
        var uri = new Uri(settings.BambooRoot, string.Create(CultureInfo.InvariantCulture, $"_sandbox/bamboohr/generate?count={count}&seed={seed}"));
        using var response = await http.PostAsync(uri, null, ct).ConfigureAwait(false);
        await EnsureAsync(response, "POST /_sandbox/bamboohr/generate", ct).ConfigureAwait(false);
        await using var stream = await response.Content.ReadAsStreamAsync(ct).ConfigureAwait(false);
        using var doc = await JsonDocument.ParseAsync(stream, cancellationToken: ct).ConfigureAwait(false);
        var employees = doc.RootElement.GetProperty("employees").EnumerateArray()
            .Select(e => new SeedEmployee(e.GetProperty("id").GetString()!, e.GetProperty("status").GetString() ?? string.Empty,
                e.TryGetProperty("department", out var d) && d.ValueKind == JsonValueKind.String ? d.GetString() : null))
            .ToList();
        var poison = doc.RootElement.TryGetProperty("poison", out var p)
            ? p.EnumerateArray().Select(x => x.GetProperty("id").GetString()!).ToHashSet(StringComparer.Ordinal)
            : [];
        var rehire = doc.RootElement.TryGetProperty("rehireId", out var r) && r.ValueKind == JsonValueKind.String ? r.GetString() : null;
        return (employees, poison, rehire);
    }

    public async Task SetDepartmentAsync(string employeeId, string department, CancellationToken ct)
    {
        using var response = await http.PutAsJsonAsync(new Uri(settings.BambooRoot, $"_sandbox/bamboohr/employees/{employeeId}"),
            new Dictionary<string, string?> { ["department"] = department }, BenchJsonContext.Default.DictionaryStringString, ct).ConfigureAwait(false);
        await EnsureAsync(response, $"PUT /_sandbox/bamboohr/employees/{employeeId}", ct).ConfigureAwait(false);
    }

    private static Dictionary<string, long> Counters(JsonElement root, string name)
    {
        var result = new Dictionary<string, long>(StringComparer.Ordinal);
        if (root.TryGetProperty(name, out var obj) && obj.ValueKind == JsonValueKind.Object)
        {
            foreach (var p in obj.EnumerateObject())
            {
                result[p.Name] = p.Value.GetInt64();
            }
        }

        return result;
    }

    private static async Task EnsureAsync(HttpResponseMessage response, string what, CancellationToken ct)
    {
        if (!response.IsSuccessStatusCode)
        {
            var text = await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
            throw new InvalidOperationException($"{what} answered {(int)response.StatusCode}: {text}");
        }
    }
}
