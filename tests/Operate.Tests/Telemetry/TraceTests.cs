using System.Diagnostics;
using Microsoft.Extensions.Hosting;
using Pipeline.Producer.Sync;
using Pipeline.TestSupport;
using Pipeline.TestSupport.Pipeline;

namespace Pipeline.Operate.Tests.Telemetry;

/// <summary>One trace from the producer's publish to the consumer's handling of each message (W3C context in the traceparent attribute).</summary>
public sealed class TraceTests(EmulatorFixture emulators) : IClassFixture<EmulatorFixture>
{
    [Fact]
    public async Task Consumer_spans_share_the_trace_of_the_producer_span_that_published_their_message_and_link_to_it()
    {
        using var capture = new TelemetryCapture();
        await using var stack = await PipelineStack.StartAsync(emulators, o => o.Prefix = "trace");
        await stack.GenerateAsync(20, seed: 5);
        var consumers = await capture.StartConsumersAsync(stack, 1);
        SyncResult sync;
        try
        {
            sync = await capture.RunSyncAsync(stack, TimeSpan.FromMinutes(2));
        }
        finally
        {
            foreach (var c in consumers)
            {
                await c.StopAsync();
                c.Dispose();
            }
        }

        Assert.Equal(SyncStatus.Completed, sync.Summary.Status);
        var spans = capture.Spans;
        var consumed = spans.Where(s => s.Name == "pipeline.consume employee" && s.Tags.GetValueOrDefault("pipeline.run_id") == sync.Summary.RunId).ToList();
        Assert.Equal(sync.Summary.Published, consumed.Select(s => s.Tags["pipeline.employee_id"]).Distinct().Count());

        var publishes = spans.Where(s => s.Name == "pipeline.publish" && s.Kind == ActivityKind.Producer).ToDictionary(s => s.SpanId);
        var syncSpan = spans.Single(s => s.Name == "pipeline.sync" && consumed.Any(c => c.TraceId == s.TraceId));
        foreach (var span in consumed)
        {
            Assert.Equal(ActivityKind.Consumer, span.Kind);
            Assert.True(publishes.TryGetValue(span.ParentSpanId, out var publish), $"consumer span of employee {span.Tags["pipeline.employee_id"]} has no publish span as parent");
            Assert.Equal(publish!.TraceId, span.TraceId);
            Assert.Equal(syncSpan.TraceId, span.TraceId);
            Assert.Contains(span.Links, l => l.Context.TraceId == publish.TraceId && l.Context.SpanId == publish.SpanId);
        }

        // The Moodle calls a consumer makes are children in the same trace.
        Assert.Contains(spans, s => s.Source == "Pipeline.Moodle" && s.TraceId == syncSpan.TraceId);
    }
}
