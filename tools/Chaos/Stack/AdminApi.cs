using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Pipeline.Chaos.Scenario;
using Pipeline.LocalStack;

namespace Pipeline.Chaos.Stack;

/// <summary>The sandboxes' admin endpoints (/_sandbox/...), which the chaos run drives and reads its evidence from.</summary>
public sealed class AdminApi(HttpClient http, Sandboxes sandboxes) : IDisposable
{
    private string Bamboo => new Uri(sandboxes.BambooHrUrl, "_sandbox/bamboohr/").ToString();

    private string Moodle => new Uri(sandboxes.MoodleUrl, "_sandbox/moodle/").ToString();

    public async Task<JsonNode> GenerateAsync(int count, int seed, CancellationToken ct) =>
        await SendAsync(HttpMethod.Post, Bamboo + string.Create(CultureInfo.InvariantCulture, $"generate?count={count}&seed={seed}"), null, ct).ConfigureAwait(false);

    public Task PutEmployeeAsync(string id, IReadOnlyDictionary<string, string?> fields, CancellationToken ct)
    {
        var body = new JsonObject();
        foreach (var (k, v) in fields)
        {
            body[k] = v;
        }

        return SendAsync(HttpMethod.Put, Bamboo + "employees/" + id, body, ct);
    }

    public async Task<List<Employee>> GetEmployeesAsync(CancellationToken ct)
    {
        var doc = await SendAsync(HttpMethod.Get, Bamboo + "employees", null, ct).ConfigureAwait(false);
        return doc["employees"]!.AsArray().Select(e => Employee.From(e!)).ToList();
    }

    public Task SetBambooLatencyAsync(int ms, CancellationToken ct) =>
        SendAsync(HttpMethod.Put, Bamboo + "faults", new JsonObject { ["latencyMs"] = ms }, ct);

    public Task SetMoodleFaultsAsync(JsonObject faults, CancellationToken ct) => SendAsync(HttpMethod.Put, Moodle + "faults", faults, ct);

    public Task<JsonNode> GetMoodleStatsAsync(CancellationToken ct) => SendAsync(HttpMethod.Get, Moodle + "stats", null, ct);

    public async Task<List<MoodleUser>> GetMoodleUsersAsync(CancellationToken ct)
    {
        var doc = await SendAsync(HttpMethod.Get, Moodle + "users", null, ct).ConfigureAwait(false);
        return doc.AsArray().Select(u => MoodleUser.From(u!)).ToList();
    }

    public Task PreloadMoodleUsersAsync(JsonArray users, CancellationToken ct) => SendAsync(HttpMethod.Post, Moodle + "users", users, ct);

    public Task ResetMoodleAsync(CancellationToken ct) => SendAsync(HttpMethod.Post, Moodle + "reset", null, ct);

    public void Dispose() => http.Dispose();

    private async Task<JsonNode> SendAsync(HttpMethod method, string url, JsonNode? body, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(method, url);
        if (body is not null)
        {
            request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        }

        using var response = await http.SendAsync(request, ct).ConfigureAwait(false);
        var text = await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"{method} {url} answered {(int)response.StatusCode}: {text}");
        }

        return string.IsNullOrWhiteSpace(text) ? new JsonObject() : JsonNode.Parse(text)!;
    }
}
