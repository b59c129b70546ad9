using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Pipeline.Pipeline.Tests;

/// <summary>A real HTTP server on a free 127.0.0.1 port that answers BambooHR's changed-since call with a canned body.</summary>
internal sealed class CannedBambooHr : IAsyncDisposable
{
    private readonly WebApplication _app;

    private CannedBambooHr(WebApplication app) => _app = app;

    public int ChangedCalls { get; private set; }

    /// <summary>What the pipeline's BambooHr:BaseUrl points at.</summary>
    public string BaseUrl => new Uri(new Uri(_app.Urls.Single()), "api/gateway.php/acme/").ToString();

    public static async Task<CannedBambooHr> StartAsync(string contentType, string body)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new CannedBambooHr(app);
        app.Run(async context =>
        {
            if (context.Request.Path.Value?.EndsWith("/v1/employees/changed", StringComparison.Ordinal) == true)
            {
                server.ChangedCalls++;
                context.Response.StatusCode = 200;
                context.Response.ContentType = contentType;
                await context.Response.WriteAsync(body);
                return;
            }

            context.Response.StatusCode = 404;
        });
        await app.StartAsync();
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
