using System.Text.Json;
using Microsoft.AspNetCore.Hosting;

namespace Pipeline.Sandbox.BambooHr;

/// <summary>Builds the BambooHR sandbox app; used by Program and by tests that host it in-process.</summary>
public static class BambooHrSandbox
{
    public const string DefaultUrl = "http://127.0.0.1:5080";

    /// <summary>
    /// Builds (does not start) the sandbox. Pass "--urls http://127.0.0.1:0" for a free port and read
    /// <c>app.Urls</c> after <c>StartAsync</c>. Throws <see cref="SeedException"/> when SeedPath is bad.
    /// </summary>
    public static WebApplication Build(string[] args, Action<SandboxOptions>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        if (string.IsNullOrEmpty(builder.Configuration[WebHostDefaults.ServerUrlsKey]))
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }

        var options = new SandboxOptions();
        builder.Configuration.GetSection(SandboxOptions.SectionName).Bind(options);
        configure?.Invoke(options);

        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.TypeInfoResolverChain.Insert(0, SandboxJsonContext.Default));
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<EmployeeStore>();
        builder.Services.AddSingleton<FaultState>();
        builder.Services.AddSingleton<CallStats>();
        builder.Services.AddSingleton<ApiGuard>();

        var app = builder.Build();

        var faults = app.Services.GetRequiredService<FaultState>();
        faults.Apply(new FaultSettings
        {
            RateLimit = options.RateLimit,
            RateLimitWindowSeconds = options.RateLimitWindow.TotalSeconds,
            FailureRate503 = options.FailureRate503,
            LatencyMs = options.LatencyMs,
        });

        if (!string.IsNullOrEmpty(options.SeedPath))
        {
            var seed = JsonSerializer.Deserialize(File.ReadAllBytes(options.SeedPath), SandboxJsonContext.Default.SeedDocument)
                ?? throw new SeedException($"Seed file {options.SeedPath} holds JSON null.");
            app.Services.GetRequiredService<EmployeeStore>().Load(seed);
        }

        var stats = app.Services.GetRequiredService<CallStats>();
        app.Use(async (context, next) =>
        {
            await next(context).ConfigureAwait(false);
            if (context.Request.Path.StartsWithSegments("/api", StringComparison.Ordinal))
            {
                stats.RecordStatus(context.Response.StatusCode);
            }
        });

        var guard = app.Services.GetRequiredService<ApiGuard>();
        ApiEndpoints.Map(app.MapGroup("/api/v1").AddEndpointFilter(guard));
        ApiEndpoints.Map(app.MapGroup("/api/gateway.php/{company}/v1").AddEndpointFilter(guard));
        AdminEndpoints.Map(app.MapGroup("/_sandbox/bamboohr"));
        return app;
    }
}
