using System.Globalization;
using Pipeline.Contracts;
using Pipeline.Queue;

namespace Pipeline.Consumer.Tests;

/// <summary>
/// The DLQ's contract (IDeadLetterQueue) in memory: parked messages carry their reason as SqsDeadLetterQueue's
/// attributes do; a replay moves the selected ones to <see cref="Replayed"/> (the main queue, here).
/// </summary>
internal sealed class InMemoryDeadLetterQueue : IDeadLetterQueue
{
    private readonly List<DeadLetter> _parked = [];
    private readonly List<OutgoingMessage> _replayed = [];

    public IReadOnlyList<DeadLetter> Parked
    {
        get
        {
            lock (_parked)
            {
                return [.. _parked];
            }
        }
    }

    public IReadOnlyList<OutgoingMessage> Replayed
    {
        get
        {
            lock (_parked)
            {
                return [.. _replayed];
            }
        }
    }

    public Task ParkAsync(string body, IReadOnlyDictionary<string, string> originalAttributes, DeadLetterReason reason, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(originalAttributes);
        ArgumentNullException.ThrowIfNull(reason);
        var now = DateTimeOffset.UtcNow;
        var attributes = new Dictionary<string, string>(originalAttributes, StringComparer.Ordinal)
        {
            [MessageAttributes.FailureCode] = reason.Code,
            [MessageAttributes.FailureMessage] = reason.Message,
            [MessageAttributes.FailureAttempts] = reason.Attempts.ToString(CultureInfo.InvariantCulture),
        };
        lock (_parked)
        {
            _parked.Add(new DeadLetter(Guid.NewGuid().ToString("N"), reason.EmployeeId, reason.RunId, reason.Code, reason.Message,
                reason.Attempts, now, 0, now, body, attributes));
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<DeadLetter>> PeekAsync(int max, CancellationToken ct)
    {
        lock (_parked)
        {
            IReadOnlyList<DeadLetter> first = [.. _parked.Take(max)];
            return Task.FromResult(first);
        }
    }

    public Task<ReplayResult> ReplayAsync(ReplayFilter filter, bool dryRun, CancellationToken ct) => ReplayAsync(filter, dryRun, null, ct);

    public async Task<ReplayResult> ReplayAsync(ReplayFilter filter, bool dryRun, ReplayRewrite? rewrite, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(filter);
        List<DeadLetter> examined, selected;
        lock (_parked)
        {
            examined = [.. _parked];
            selected = [.. examined.Where(l => (filter.EmployeeIds.Count == 0 || (l.EmployeeId is { } id && filter.EmployeeIds.Contains(id)))
                && (filter.ReasonCode is null || l.Code == filter.ReasonCode)).Take(filter.Max ?? int.MaxValue)];
        }

        if (dryRun || selected.Count == 0)
        {
            return new ReplayResult(examined.Count, selected.Count, 0, selected);
        }

        var replacements = rewrite is null ? null : await rewrite(selected, ct).ConfigureAwait(false);
        lock (_parked)
        {
            foreach (var letter in selected)
            {
                _parked.Remove(letter);
                _replayed.Add(replacements?.GetValueOrDefault(letter.MessageId) ?? new OutgoingMessage(letter.EmployeeId ?? letter.MessageId, letter.Body,
                    letter.Attributes.Where(a => !a.Key.StartsWith("failure_", StringComparison.Ordinal)).ToDictionary(a => a.Key, a => a.Value, StringComparer.Ordinal)));
            }
        }

        return new ReplayResult(examined.Count, selected.Count, selected.Count, selected);
    }
}
