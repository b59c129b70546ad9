using System.Diagnostics;
using Pipeline.ServiceDefaults;

namespace Pipeline.Consumer.Handling.Stages;

/// <summary>Times the write stage's Moodle calls into pipeline.moodle.call.duration, by function.</summary>
internal static class MoodleWrites
{
    public static async Task<T> TimedAsync<T>(string function, Func<Task<T>> call)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            return await call().ConfigureAwait(false);
        }
        finally
        {
            PipelineTelemetry.MoodleCallDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds,
                new KeyValuePair<string, object?>("function", function));
        }
    }
}
