using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Pipeline.BambooHr.Tests;

/// <summary>A tiny real HTTP server on a free 127.0.0.1 port that answers whatever a test tells it to.</summary>
internal sealed class CannedServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly List<ServiceProvider> _providers = [];

    private CannedServer(WebApplication app) => _app = app;

    public List<(string Method, string PathAndQuery, string? Authorization, string? Accept)> Requests { get; } = [];

    public string BaseUrl => new Uri(new Uri(_app.Urls.Single()), "api/gateway.php/acme/").ToString();

    public static Task<CannedServer> StartAsync(int status, string contentType, string body) =>
        StartAsync(async context =>
        {
            context.Response.StatusCode = status;
            context.Response.ContentType = contentType;
            await context.Response.WriteAsync(body);
        });

    public static async Task<CannedServer> StartAsync(Func<HttpContext, Task> answer)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new CannedServer(app);
        app.Run(async context =>
        {
            lock (server.Requests)
            {
                server.Requests.Add((context.Request.Method, context.Request.Path + context.Request.QueryString,
                    context.Request.Headers.Authorization.ToString(), context.Request.Headers.Accept.ToString()));
            }

            await answer(context);
        });
        await app.StartAsync();
        return server;
    }

    public IBambooHrClient Client(string key = "hostile-test-key", int maxAttempts = 1, TimeSpan? timeout = null) =>
        SandboxHost.ClientFor(BaseUrl, key, maxAttempts, 500, _providers, timeout);

    public async ValueTask DisposeAsync()
    {
        foreach (var provider in _providers)
        {
            await provider.DisposeAsync();
        }

        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
