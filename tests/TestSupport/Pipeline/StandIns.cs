using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Pipeline.LocalStack;
using Pipeline.Sandbox.BambooHr;
using Pipeline.Sandbox.Moodle;
using Pipeline.Sandbox.Moodle.Admin;
using SandboxSettings = Pipeline.LocalStack.SandboxSettings;

namespace Pipeline.TestSupport.Pipeline;

/// <summary>
/// Just the BambooHR and Moodle stand-ins, in-process on free 127.0.0.1 ports, for commands that need no queue or
/// state table (`pipeline audit`): no emulators, so these tests run anywhere.
/// </summary>
public sealed class StandIns : IAsyncDisposable
{
    private readonly Sandboxes _sandboxes;

    private StandIns(Sandboxes sandboxes)
    {
        _sandboxes = sandboxes;
        BambooHrAdmin = new HttpClient { BaseAddress = new Uri(sandboxes.BambooHrUrl, "_sandbox/bamboohr/") };
        MoodleAdmin = new HttpClient { BaseAddress = new Uri(sandboxes.MoodleUrl, "_sandbox/moodle/") };
    }

    public HttpClient BambooHrAdmin { get; }

    public HttpClient MoodleAdmin { get; }

    /// <summary>The pipeline's settings for both stand-ins, with ':' keys.</summary>
    public IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
    {
        ["BambooHr:BaseUrl"] = _sandboxes.BambooHrApiBase.ToString(),
        ["BambooHr:ApiKey"] = _sandboxes.Settings.BambooHrApiKey,
        ["Moodle:BaseUrl"] = _sandboxes.MoodleUrl.ToString(),
        ["Moodle:Token"] = _sandboxes.Settings.MoodleAdminToken,
        ["Retry:BambooHr:MaxAttempts"] = "2",
        ["Retry:BambooHr:BaseDelay"] = "00:00:00.050",
        ["Retry:Moodle:MaxAttempts"] = "2",
        ["Retry:Moodle:BaseDelay"] = "00:00:00.050",
    };

    /// <summary>The same settings as a pipeline process's environment ("__" keys), merged with <paramref name="overrides"/>.</summary>
    public IReadOnlyDictionary<string, string?> EnvironmentVariables(IReadOnlyDictionary<string, string?>? overrides = null)
    {
        var env = Settings.ToDictionary(kv => kv.Key.Replace(":", "__", StringComparison.Ordinal), kv => kv.Value, StringComparer.Ordinal);
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>())
        {
            env[key] = value;
        }

        return env;
    }

    public static async Task<StandIns> StartAsync(SandboxSettings? settings = null) =>
        new(await Sandboxes.StartAsync(settings ?? new SandboxSettings()).ConfigureAwait(false));

    /// <summary>Replaces BambooHR's data with <paramref name="employees"/>.</summary>
    public async Task LoadBambooHrAsync(params SeedEmployee[] employees)
    {
        var document = new SeedDocument { Employees = employees };
        using var content = new StringContent(JsonSerializer.Serialize(document, StackJsonContext.Default.SeedDocument), Encoding.UTF8, "application/json");
        using var response = await BambooHrAdmin.PostAsync("load", content).ConfigureAwait(false);
        await EnsureAsync(response, "POST /_sandbox/bamboohr/load").ConfigureAwait(false);
    }

    /// <summary>Adds users to Moodle as they would already exist there; returns them with their Moodle ids.</summary>
    public async Task<List<SandboxUserView>> PreloadMoodleUsersAsync(params SandboxUserView[] users)
    {
        using var content = new StringContent(JsonSerializer.Serialize(users.ToList(), SandboxAdminJsonContext.Default.ListSandboxUserView), Encoding.UTF8, "application/json");
        using var response = await MoodleAdmin.PostAsync("users", content).ConfigureAwait(false);
        var text = await EnsureAsync(response, "POST /_sandbox/moodle/users").ConfigureAwait(false);
        return JsonSerializer.Deserialize(text, SandboxAdminJsonContext.Default.ListSandboxUserView) ?? [];
    }

    public async Task<List<SandboxUserView>> MoodleUsersAsync() =>
        await MoodleAdmin.GetFromJsonAsync("users", SandboxAdminJsonContext.Default.ListSandboxUserView).ConfigureAwait(false)
        ?? throw new InvalidOperationException("The Moodle stand-in answered JSON null for its users.");

    public async Task<StatsDto> MoodleStatsAsync() =>
        await MoodleAdmin.GetFromJsonAsync("stats", SandboxAdminJsonContext.Default.StatsDto).ConfigureAwait(false)
        ?? throw new InvalidOperationException("The Moodle stand-in answered JSON null for its stats.");

    public async ValueTask DisposeAsync()
    {
        BambooHrAdmin.Dispose();
        MoodleAdmin.Dispose();
        await _sandboxes.DisposeAsync().ConfigureAwait(false);
    }

    private static async Task<string> EnsureAsync(HttpResponseMessage response, string what)
    {
        var text = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
        return response.IsSuccessStatusCode ? text : throw new InvalidOperationException($"{what} answered {(int)response.StatusCode}: {text}");
    }
}
