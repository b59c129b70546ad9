using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Pipeline.ServiceDefaults;

/// <summary>
/// What every pipeline host shares: JSON logs on stderr (stdout is reserved for the summary line and
/// CLI output), OpenTelemetry traces/metrics/logs, AWS clients, and secrets from the Lambda extension.
/// </summary>
public static class HostDefaults
{
    public static IHostApplicationBuilder AddPipelineDefaults(this IHostApplicationBuilder builder, string serviceName)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Configuration.AddSecretsFromLambdaExtension();

        builder.Logging.ClearProviders();
        builder.Logging.Configure(o => o.ActivityTrackingOptions =
            ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId);
        builder.Logging.AddJsonConsole(o =>
        {
            o.IncludeScopes = true;
            o.UseUtcTimestamp = true;
            o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
        });
        builder.Services.Configure<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>(
            o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        // HttpClientFactory's own request logs carry URLs only (tokens travel in bodies and headers), but they are noise at Information.
        builder.Logging.AddFilter("System.Net.Http.HttpClient", LogLevel.Warning);
        // Removed outright, not just filtered: at Trace their structured state holds raw header values (the BambooHR
        // Basic-auth key) even though the rendered message shows "*", and a JSON log writes that state out.
        // The OpenTelemetry HttpClient spans already record each request's method, URL and status.
        builder.Services.ConfigureHttpClientDefaults(http => http.RemoveAllLoggers());
        builder.Logging.AddFilter("Microsoft.Extensions.Http", LogLevel.Warning);
        builder.Logging.AddFilter("Polly", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Warning);

        var otlp = !string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        var console = builder.Configuration.GetValue("Telemetry:Console", false);

        var otel = builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(serviceName))
            .WithTracing(t =>
            {
                // Our own spans always: their context travels in each message (one trace from publish to consume even
                // when only the consumers export) and stamps every log line with its trace id.
                // "Pipeline.*" too: the Moodle client has its own source ("Pipeline.Moodle").
                t.AddSource(PipelineTelemetry.Name, PipelineTelemetry.Name + ".*");
                if (otlp || console)
                {
                    // A span per HTTP call (10,000 SendMessageBatch calls in a 100,000-change sync) is only worth its
                    // CPU when something receives it (with the metrics below, about 3% of such a sync's CPU).
                    t.AddHttpClientInstrumentation(o => o.RecordException = false);
                }

                if (otlp)
                {
                    t.AddOtlpExporter();
                }

                if (console)
                {
                    t.AddConsoleExporter(o => o.Targets = OpenTelemetry.Exporter.ConsoleExporterOutputTargets.Debug);
                }
            });
        if (otlp)
        {
            // Metrics have no console form here; without OTLP nothing would ever read them.
            otel.WithMetrics(m => m
                .AddMeter(PipelineTelemetry.Name)
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddOtlpExporter());
        }
        if (otlp)
        {
            builder.Logging.AddOpenTelemetry(o =>
            {
                o.IncludeScopes = true;
                o.AddOtlpExporter();
            });
        }

        _ = otel;
        builder.Services.AddPipelineAwsClients(builder.Configuration);
        return builder;
    }
}
