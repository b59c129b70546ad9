using Pipeline.Queue;

namespace Pipeline.Producer.Sync;

/// <summary>
/// When a run is drained, apart from reading the counts: every employee of the run has a terminal outcome, and the
/// queue has shown nothing visible, in flight or delayed in every reading over the whole stability window. SQS
/// counts are approximate on AWS, so one empty reading proves nothing; any busy or short reading starts the window
/// again. Fed one reading at a time, in the order they were taken.
/// </summary>
public sealed class DrainRule(TimeSpan stabilityWindow, TimeProvider time)
{
    private long? _quietSince;

    /// <returns>True once this reading and every one before it for the whole window were quiet.</returns>
    public bool Observe(int settled, int total, QueueCounts queue)
    {
        ArgumentNullException.ThrowIfNull(queue);
        if (settled < total || !queue.IsEmpty)
        {
            _quietSince = null;
            return false;
        }

        _quietSince ??= time.GetTimestamp();
        return time.GetElapsedTime(_quietSince.Value) >= stabilityWindow;
    }
}
