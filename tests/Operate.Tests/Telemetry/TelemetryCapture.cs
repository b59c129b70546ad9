using System.Collections;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.ExceptionServices;
using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Pipeline.Consumer;
using Pipeline.Producer;
using Pipeline.Producer.Sync;
using Pipeline.TestSupport.Pipeline;

namespace Pipeline.Operate.Tests.Telemetry;

/// <summary>A finished span with everything an exporter would send.</summary>
public sealed record CapturedSpan(
    string Source, string Name, ActivityKind Kind, ActivityTraceId TraceId, ActivitySpanId SpanId, ActivitySpanId ParentSpanId,
    IReadOnlyDictionary<string, string?> Tags, IReadOnlyList<ActivityLink> Links, string Text);

/// <summary>
/// Everything the pipeline emits while a test runs in-process: spans of the pipeline's and HttpClient's sources, every
/// log entry (message, structured values, scopes, exception), and every exception thrown (first chance).
/// The listener is process-wide, so it also sees other tests' telemetry; assertions must be about this test's values.
/// </summary>
public sealed class TelemetryCapture : ILoggerProvider, IDisposable
{
    private static readonly string[] Sources = ["Pipeline", "Pipeline.Moodle", "System.Net.Http"];
    private readonly ActivityListener _listener;
    private readonly ConcurrentQueue<CapturedSpan> _spans = new();
    private readonly ConcurrentQueue<string> _logs = new();
    private readonly ConcurrentQueue<string> _exceptions = new();

    public TelemetryCapture()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = s => Sources.Contains(s.Name, StringComparer.Ordinal),
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = a => _spans.Enqueue(Capture(a)),
        };
        ActivitySource.AddActivityListener(_listener);
        AppDomain.CurrentDomain.FirstChanceException += OnException;
    }

    public IReadOnlyList<CapturedSpan> Spans => [.. _spans];

    public IReadOnlyList<string> Logs => [.. _logs];

    public IReadOnlyList<string> Exceptions => [.. _exceptions];

    /// <summary>Adds this capture to a host's logging on top of what <paramref name="stack"/> configures.</summary>
    public Action<IHostApplicationBuilder> Configure(PipelineStack stack, IReadOnlyDictionary<string, string?>? overrides = null) => builder =>
    {
        stack.ConfigureHost(overrides)(builder);
        builder.Logging.AddProvider(this);
        // Everything, including HttpClient's request logs the stack filters out: a leak at Trace is still a leak.
        builder.Logging.AddFilter<TelemetryCapture>(null, LogLevel.Trace);
    };

    public async Task<SyncResult> RunSyncAsync(PipelineStack stack, TimeSpan wait)
    {
        using var host = ProducerHost.Build(Needs.State | Needs.Queue | Needs.BambooHr, null, Configure(stack));
        await host.StartAsync();
        try
        {
            return await host.Services.GetRequiredService<SyncRunner>().RunAsync(wait, CancellationToken.None);
        }
        finally
        {
            await host.StopAsync(CancellationToken.None);
        }
    }

    /// <summary>In-process consumer workers built as PipelineStack builds them, with this capture's logging added.</summary>
    public async Task<List<IHost>> StartConsumersAsync(PipelineStack stack, int workers)
    {
        var hosts = new List<IHost>();
        for (var i = 0; i < workers; i++)
        {
            var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [] });
            builder.AddConsumerWorker();
            Configure(stack)(builder);
            var host = builder.Build();
            await host.StartAsync();
            hosts.Add(host);
        }

        return hosts;
    }

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _logs);

    public void Dispose()
    {
        AppDomain.CurrentDomain.FirstChanceException -= OnException;
        _listener.Dispose();
    }

    private void OnException(object? sender, FirstChanceExceptionEventArgs e) => _exceptions.Enqueue(e.Exception.GetType().Name + ": " + e.Exception.Message);

    private static CapturedSpan Capture(Activity a)
    {
        var text = new StringBuilder();
        text.Append(a.Source.Name).Append(' ').Append(a.OperationName).Append(' ').Append(a.DisplayName).Append(" status=").Append(a.StatusDescription);
        var tags = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var (key, value) in a.TagObjects)
        {
            tags[key] = Render(value);
            text.Append(' ').Append(key).Append('=').Append(tags[key]);
        }

        foreach (var e in a.Events)
        {
            text.Append(" event ").Append(e.Name);
            foreach (var (key, value) in e.Tags)
            {
                text.Append(' ').Append(key).Append('=').Append(Render(value));
            }
        }

        foreach (var (key, value) in a.Baggage)
        {
            text.Append(" baggage ").Append(key).Append('=').Append(value);
        }

        foreach (var link in a.Links)
        {
            text.Append(" link ").Append(link.Context.TraceId).Append('/').Append(link.Context.SpanId);
            foreach (var (key, value) in link.Tags ?? [])
            {
                text.Append(' ').Append(key).Append('=').Append(Render(value));
            }
        }

        return new CapturedSpan(a.Source.Name, a.OperationName, a.Kind, a.TraceId, a.SpanId, a.ParentSpanId, tags, [.. a.Links], text.ToString());
    }

    private static string? Render(object? value) => value switch
    {
        null => null,
        string s => s,
        IEnumerable e => string.Join(",", e.Cast<object?>().Select(Render)),
        _ => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture),
    };

    private sealed class Logger(string category, ConcurrentQueue<string> logs) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull
        {
            logs.Enqueue($"{category} scope: {Describe(state)}");
            return null;
        }

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            ArgumentNullException.ThrowIfNull(formatter);
            logs.Enqueue($"{category} {logLevel}: {formatter(state, exception)} | {Describe(state)} | {exception}");
        }

        private static string Describe(object? state) => state is IEnumerable<KeyValuePair<string, object?>> pairs
            ? string.Join("; ", pairs.Select(p => $"{p.Key}={Render(p.Value)}"))
            : Render(state) ?? string.Empty;
    }
}
