using System.Diagnostics;
using Pipeline.Chaos.Stack;

namespace Pipeline.Chaos.Observe;

public sealed record Sample(TimeSpan At, WatermarkState State, string? TrackedRun, int Outcomes, int? Total, QueueDepth Queue);

public sealed record WatermarkMove(TimeSpan At, string? From, string? To, string? RunId, int Outcomes, int? Total, bool QueueEmptyBefore, bool QueueEmptyAfter, bool Violation);

/// <summary>
/// Samples the watermark item, the tracked run's outcome count and the queue every ~250 ms for the whole chaos run,
/// and the Moodle user count every ~2 s. A watermark move is a violation when, right after it, the run that was
/// pending has fewer outcomes than employees, or the queue was not empty just before or just after it.
/// </summary>
public sealed class RunMonitor(StackReader reader, AdminApi admin)
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly List<WatermarkMove> _moves = [];
    private readonly Lock _lock = new();
    private Sample? _latest;

    public int Samples { get; private set; }

    public TimeSpan LongestGap { get; private set; }

    public int SampleErrors { get; private set; }

    public int MaxMoodleUsers { get; private set; }

    public int MoodleUserDrops { get; private set; }

    public long MaxDeleteCalls { get; private set; }

    public HashSet<string> RunsSeen { get; } = new(StringComparer.Ordinal);

    public Sample? Latest
    {
        get
        {
            lock (_lock)
            {
                return _latest;
            }
        }
    }

    public IReadOnlyList<WatermarkMove> Moves
    {
        get
        {
            lock (_lock)
            {
                return [.. _moves];
            }
        }
    }

    public async Task RunAsync(CancellationToken ct)
    {
        Sample? previous = null;
        string? tracked = null;
        var lastMoodle = TimeSpan.FromDays(-1);
        while (!ct.IsCancellationRequested)
        {
            var began = _clock.Elapsed;
            try
            {
                var state = await reader.GetWatermarkAsync(ct).ConfigureAwait(false);
                tracked = state.PendingRunId ?? tracked;
                if (state.PendingRunId is { } p)
                {
                    RunsSeen.Add(p);
                }

                var outcomes = tracked is null ? 0 : await reader.CountOutcomesAsync(tracked, ct).ConfigureAwait(false);
                var total = tracked is null ? null : (await reader.GetRunAsync(tracked, ct).ConfigureAwait(false)).TotalChanged;
                var queue = await reader.GetMainQueueAsync(ct).ConfigureAwait(false);
                var sample = new Sample(began, state, tracked, outcomes, total, queue);
                if (previous is not null && !string.Equals(previous.State.Watermark, state.Watermark, StringComparison.Ordinal))
                {
                    Record(previous, sample);
                }

                if (previous is not null && began - previous.At > LongestGap)
                {
                    LongestGap = began - previous.At;
                }

                lock (_lock)
                {
                    _latest = sample;
                }

                previous = sample;
                Samples++;

                if (began - lastMoodle >= TimeSpan.FromSeconds(2))
                {
                    lastMoodle = began;
                    await SampleMoodleAsync(ct).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex) when (ex is Amazon.Runtime.AmazonServiceException or HttpRequestException or InvalidOperationException)
            {
                // A missed sample only widens the gap, which is reported; it never hides a move (the next sample sees it).
                SampleErrors++;
            }

            var rest = Interval - (_clock.Elapsed - began);
            if (rest > TimeSpan.Zero)
            {
                try
                {
                    await Task.Delay(rest, ct).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
        }
    }

    private void Record(Sample before, Sample after)
    {
        // The run that was pending when the watermark moved is the one the move belongs to.
        var run = before.State.PendingRunId ?? before.TrackedRun;
        // The producer needs the queue empty for its whole stability window (3 s) before it moves the watermark,
        // so a sample less than 2 s before the move must have seen it empty too.
        var emptyBefore = after.At - before.At > TimeSpan.FromSeconds(2) || before.Queue.IsEmpty;
        var complete = after.TrackedRun == run && after.Total is { } t && after.Outcomes >= t;
        var move = new WatermarkMove(after.At, before.State.Watermark, after.State.Watermark, run, after.Outcomes, after.Total,
            before.Queue.IsEmpty, after.Queue.IsEmpty, !complete || !emptyBefore || !after.Queue.IsEmpty);
        lock (_lock)
        {
            _moves.Add(move);
        }
    }

    private async Task SampleMoodleAsync(CancellationToken ct)
    {
        var users = await admin.GetMoodleUsersAsync(ct).ConfigureAwait(false);
        var live = users.Count(u => !u.Deleted);
        if (live < MaxMoodleUsers)
        {
            MoodleUserDrops++;
        }

        MaxMoodleUsers = Math.Max(MaxMoodleUsers, live);
        var stats = await admin.GetMoodleStatsAsync(ct).ConfigureAwait(false);
        MaxDeleteCalls = Math.Max(MaxDeleteCalls, stats["calls"]?["core_user_delete_users"]?.GetValue<long>() ?? 0);
    }
}
