using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Pipeline.Moodle;
using Pipeline.Sandbox.Moodle;
using Pipeline.Sandbox.Moodle.Admin;

namespace Pipeline.Moodle.Tests;

/// <summary>A Moodle sandbox on a free 127.0.0.1 port, with helpers for its admin endpoints.</summary>
internal sealed class SandboxHost : IAsyncDisposable
{
    public const string AdminToken = "test-admin-token-5f1c";
    public const string NoCapToken = "test-nocap-token-77aa";
    public const string LimitedToken = "test-limited-token-3b9d";

    private readonly WebApplication _app;
    private readonly List<ServiceProvider> _services = [];

    private SandboxHost(WebApplication app, string baseUrl)
    {
        _app = app;
        BaseUrl = baseUrl;
        Http = new HttpClient { BaseAddress = new Uri(baseUrl + "/") };
    }

    public string BaseUrl { get; }

    public HttpClient Http { get; }

    public static async Task<SandboxHost> StartAsync(Action<MoodleSandboxOptions>? configure = null)
    {
        var app = MoodleSandbox.Build([], o =>
        {
            o.Urls = "http://127.0.0.1:0";
            o.AdminToken = AdminToken;
            o.NoCapabilityToken = NoCapToken;
            o.LimitedToken = LimitedToken;
            o.MinimumLogLevel = LogLevel.Warning;
            configure?.Invoke(o);
        });
        await app.StartAsync();
        return new SandboxHost(app, app.Urls.Single().TrimEnd('/'));
    }

    /// <summary>A real <see cref="IMoodleClient"/> built the way the services build it.</summary>
    public IMoodleClient Client(string token = AdminToken, TimeSpan? timeout = null, int maxReadAttempts = 4)
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Moodle:BaseUrl"] = BaseUrl + "/",
            ["Moodle:Token"] = token,
            ["Moodle:Timeout"] = (timeout ?? TimeSpan.FromSeconds(10)).ToString(),
            ["Retry:Moodle:MaxAttempts"] = maxReadAttempts.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Retry:Moodle:BaseDelay"] = "00:00:00.020",
        }).Build();
        var services = new ServiceCollection().AddLogging().AddMoodleClient(config);
        var provider = services.BuildServiceProvider();
        _services.Add(provider);
        return provider.GetRequiredService<IMoodleClient>();
    }

    public async Task PutFaultsAsync(string json)
    {
        using var content = new StringContent(json, Encoding.UTF8, "application/json");
        using var response = await Http.PutAsync("_sandbox/moodle/faults", content);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    public async Task SetDebugAsync(bool debug)
    {
        using var content = new StringContent($"{{\"debug\":{(debug ? "true" : "false")}}}", Encoding.UTF8, "application/json");
        using var response = await Http.PutAsync("_sandbox/moodle/settings", content);
        response.EnsureSuccessStatusCode();
    }

    public async Task<StatsDto> StatsAsync() =>
        (await Http.GetFromJsonAsync("_sandbox/moodle/stats", SandboxAdminJsonContext.Default.StatsDto))!;

    public async Task<List<RecordedRequest>> RequestsAsync() =>
        (await Http.GetFromJsonAsync("_sandbox/moodle/requests", SandboxAdminJsonContext.Default.ListRecordedRequest))!;

    public async Task<List<SandboxUserView>> UsersAsync() =>
        (await Http.GetFromJsonAsync("_sandbox/moodle/users", SandboxAdminJsonContext.Default.ListSandboxUserView))!;

    public async Task PreloadAsync(params SandboxUserView[] users)
    {
        using var content = new StringContent(JsonSerializer.Serialize(users.ToList(), SandboxAdminJsonContext.Default.ListSandboxUserView), Encoding.UTF8, "application/json");
        using var response = await Http.PostAsync("_sandbox/moodle/users", content);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        foreach (var provider in _services)
        {
            await provider.DisposeAsync();
        }

        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
