using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Pipeline.BambooHr;
using Pipeline.Sandbox.BambooHr;

namespace Pipeline.BambooHr.Tests;

/// <summary>The BambooHR sandbox on a free 127.0.0.1 port, plus raw and typed clients for it.</summary>
internal sealed class SandboxHost : IAsyncDisposable
{
    public const string Key = "test-key";

    private readonly WebApplication _app;
    private readonly List<ServiceProvider> _providers = [];

    private SandboxHost(WebApplication app, Uri root)
    {
        _app = app;
        Root = root;
        Http = new HttpClient { BaseAddress = root };
    }

    public Uri Root { get; }

    /// <summary>Unauthenticated client for raw calls; each test sets its own headers per request.</summary>
    public HttpClient Http { get; }

    public string LegacyBase => new Uri(Root, "api/gateway.php/acme/").ToString();

    public string V1Base => new Uri(Root, "api/").ToString();

    public static async Task<SandboxHost> StartAsync(Action<SandboxOptions>? configure = null, string? seedJson = null)
    {
        var app = BambooHrSandbox.Build(
            ["--urls", "http://127.0.0.1:0", "--Logging:LogLevel:Default=Warning"],
            o =>
            {
                o.ApiKey = Key;
                configure?.Invoke(o);
            });
        await app.StartAsync();
        var host = new SandboxHost(app, new Uri(app.Urls.Single()));
        if (seedJson is not null)
        {
            await host.LoadAsync(seedJson);
        }

        return host;
    }

    public async Task LoadAsync(string seedJson)
    {
        using var response = await Http.PostAsync("_sandbox/bamboohr/load", new StringContent(seedJson, Encoding.UTF8, "application/json"));
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    public async Task<JsonDocument> AdminJsonAsync(HttpMethod method, string path, string? body = null)
    {
        using var request = new HttpRequestMessage(method, "_sandbox/bamboohr/" + path);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        using var response = await Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text.Length == 0 ? "null" : text);
    }

    public async Task<int> CallsAsync(string endpoint)
    {
        using var stats = await AdminJsonAsync(HttpMethod.Get, "stats");
        return stats.RootElement.GetProperty("calls").TryGetProperty(endpoint, out var n) ? n.GetInt32() : 0;
    }

    public async Task<int> StatusCountAsync(int status)
    {
        using var stats = await AdminJsonAsync(HttpMethod.Get, "stats");
        return stats.RootElement.GetProperty("statuses").TryGetProperty(status.ToString(System.Globalization.CultureInfo.InvariantCulture), out var n) ? n.GetInt32() : 0;
    }

    /// <summary>A raw API request with Basic auth and Accept: application/json unless told otherwise.</summary>
    public async Task<(int Status, string Body, HttpResponseMessage Response)> ApiAsync(
        string relative, string? key = Key, bool acceptJson = true, HttpMethod? method = null, HttpContent? content = null)
    {
        using var request = new HttpRequestMessage(method ?? HttpMethod.Get, relative) { Content = content };
        if (key is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(key + ":x")));
        }

        if (acceptJson)
        {
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        }

        var response = await Http.SendAsync(request);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync(), response);
    }

    /// <summary>The production client, wired exactly as hosts wire it, pointed at this sandbox.</summary>
    public IBambooHrClient Client(string? baseUrl = null, string key = Key, int maxAttempts = 6, int chunk = 500) =>
        ClientFor(baseUrl ?? LegacyBase, key, maxAttempts, chunk, _providers);

    public static IBambooHrClient ClientFor(string baseUrl, string key, int maxAttempts, int chunk, List<ServiceProvider> owned, TimeSpan? timeout = null)
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["BambooHr:BaseUrl"] = baseUrl,
            ["BambooHr:ApiKey"] = key,
            ["Retry:BambooHr:MaxAttempts"] = maxAttempts.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["BambooHr:BulkChunkSize"] = chunk.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Retry:BambooHr:BaseDelay"] = "00:00:00.020",
            ["BambooHr:Timeout"] = (timeout ?? TimeSpan.FromSeconds(10)).ToString(),
        }).Build();
        var provider = new ServiceCollection().AddLogging().AddBambooHrClient(config).BuildServiceProvider();
        owned.Add(provider);
        return provider.GetRequiredService<IBambooHrClient>();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var provider in _providers)
        {
            await provider.DisposeAsync();
        }

        Http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
