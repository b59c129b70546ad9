using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Pipeline.ServiceDefaults;

/// <summary>
/// The pipeline's own trace source and meter. One name for all components so a single
/// OpenTelemetry registration picks up producer, consumer and CLI alike.
/// </summary>
public static class PipelineTelemetry
{
    public const string Name = "Pipeline";

    public static readonly ActivitySource Source = new(Name, typeof(PipelineTelemetry).Assembly.GetName().Version?.ToString());
    public static readonly Meter Meter = new(Name, typeof(PipelineTelemetry).Assembly.GetName().Version?.ToString());

    public static readonly Counter<long> MessagesPublished =
        Meter.CreateCounter<long>("pipeline.messages.published", "{message}", "Messages the producer published to the queue.");

    public static readonly Counter<long> Outcomes =
        Meter.CreateCounter<long>("pipeline.outcomes", "{message}", "Terminal outcomes recorded by consumers, by kind.");

    public static readonly Histogram<double> MoodleCallDuration =
        Meter.CreateHistogram<double>("pipeline.moodle.call.duration", "s", "Duration of Moodle web-service calls, by function.");

    public static readonly Histogram<int> BatchSize =
        Meter.CreateHistogram<int>("pipeline.consumer.batch.size", "{message}", "Messages per consumer batch.");

    public static readonly Histogram<double> DrainDuration =
        Meter.CreateHistogram<double>("pipeline.drain.duration", "s", "Time from the end of publishing to a drained queue.");

    public static readonly Histogram<double> WatermarkLag =
        Meter.CreateHistogram<double>("pipeline.watermark.lag", "s", "Age of the watermark when a run ends.");
}
