using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Pipeline.BambooHr;
using Pipeline.Contracts;
using Pipeline.Producer.Sync;
using Pipeline.Queue;
using Pipeline.State;

namespace Pipeline.Pipeline.Tests;

/// <summary>
/// Several chunks are fetched, encoded and sent at once; what must hold is that every change is sent once and that a
/// failure on either side stops the run with its own error, not the cancellation it causes elsewhere. In-memory fakes
/// for BambooHR, the queue, the DLQ and the outcome store: the point is the fail-at-chunk-k timing, which the
/// sandboxes cannot be told to produce.
/// </summary>
public sealed class SnapshotPublisherTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 1, 3, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Every_change_of_many_chunks_is_sent_exactly_once_with_in_memory_fakes()
    {
        var queue = new FakeQueue();
        var publisher = Publisher(new FakeBambooHr(), queue);

        var published = await publisher.PublishAsync("run-1", Changes(2_345), _ => Task.CompletedTask, CancellationToken.None);

        Assert.Equal(2_345, published);
        Assert.Equal(2_345, queue.Sent.Count);
        Assert.Equal(2_345, queue.Sent.Distinct().Count());
    }

    [Fact]
    public async Task A_BambooHr_failure_on_a_later_chunk_surfaces_as_itself_with_in_memory_fakes()
    {
        var publisher = Publisher(new FakeBambooHr(failOnCall: 4), new FakeQueue());

        var error = await Assert.ThrowsAsync<BambooHrException>(() => publisher.PublishAsync("run-1", Changes(5_000), _ => Task.CompletedTask, CancellationToken.None));

        Assert.Equal("server_error", error.Code);
    }

    [Fact]
    public async Task A_message_the_queue_refuses_for_good_surfaces_as_a_publish_failure_naming_it_with_in_memory_fakes()
    {
        var publisher = Publisher(new FakeBambooHr(), new FakeQueue(refuse: "1777"));

        var error = await Assert.ThrowsAsync<PublishFailedException>(() => publisher.PublishAsync("run-1", Changes(5_000), _ => Task.CompletedTask, CancellationToken.None));

        Assert.Contains("employee 1777", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancellation_by_the_caller_stays_a_cancellation_with_in_memory_fakes()
    {
        using var cts = new CancellationTokenSource();
        var publisher = Publisher(new FakeBambooHr(onCall: n => { if (n == 3) cts.Cancel(); }), new FakeQueue());

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => publisher.PublishAsync("run-1", Changes(5_000), _ => Task.CompletedTask, cts.Token));
    }

    private static List<EmployeeChange> Changes(int count) =>
        [.. Enumerable.Range(1_000, count).Select(i => new EmployeeChange(i.ToString(System.Globalization.CultureInfo.InvariantCulture), EmployeeAction.Updated, At))];

    private static SnapshotPublisher Publisher(IBambooHrClient bamboo, IQueuePublisher queue) => new(
        bamboo, queue, new NoDeadLetters(), new NoOutcomes(), new NoDues(),
        Options.Create(new BambooHrOptions { BaseUrl = "https://example.invalid/", ApiKey = "k", BulkChunkSize = 100 }),
        Options.Create(new SyncOptions()),
        Options.Create(new Domain.MappingOptions()),
        Options.Create(new Domain.CalendarOptions()),
        TimeProvider.System);

    private sealed class FakeBambooHr(int failOnCall = 0, Action<int>? onCall = null) : IBambooHrClient
    {
        private int _calls;

        public Task<ChangeSet> GetChangesSinceAsync(DateTimeOffset since, CancellationToken ct) => throw new NotSupportedException();

        public Task<IReadOnlyDictionary<string, EmployeeSnapshot>> GetAllSnapshotsAsync(CancellationToken ct) => throw new NotSupportedException();
        public Task<IReadOnlyList<EmployeeChange>> GetAllEmployeesAsync(CancellationToken ct) => throw new NotSupportedException();

        public async Task<IReadOnlyDictionary<string, EmployeeSnapshot>> GetSnapshotsAsync(IReadOnlyCollection<string> employeeIds, CancellationToken ct)
        {
            var call = Interlocked.Increment(ref _calls);
            onCall?.Invoke(call);
            await Task.Delay(1, ct);
            if (call == failOnCall)
            {
                throw new BambooHrException("server_error", "BambooHR reports/custom answered 500.", 500);
            }

            return employeeIds.ToDictionary(id => id, id => new EmployeeSnapshot { Id = id, FirstName = "F" + id, WorkEmail = $"e{id}@example.com", Status = "Active" }, StringComparer.Ordinal);
        }
    }

    private sealed class FakeQueue(string? refuse = null) : IQueuePublisher
    {
        public ConcurrentBag<string> Sent { get; } = [];

        public async Task<PublishResult> PublishAsync(IReadOnlyList<OutgoingMessage> messages, CancellationToken ct)
        {
            await Task.Delay(1, ct);
            var failures = messages.Where(m => m.Id == refuse).Select(m => new PublishFailure(m.Id, "InvalidMessageContents", "refused")).ToList();
            foreach (var message in messages.Where(m => m.Id != refuse))
            {
                Sent.Add(message.Id);
            }

            return new PublishResult(messages.Count - failures.Count, failures);
        }
    }

    private sealed class NoDeadLetters : IDeadLetterQueue
    {
        public Task ParkAsync(string body, IReadOnlyDictionary<string, string> originalAttributes, DeadLetterReason reason, CancellationToken ct) => throw new InvalidOperationException("Nothing should be parked here.");

        public Task<IReadOnlyList<DeadLetter>> PeekAsync(int max, CancellationToken ct) => throw new NotSupportedException();

        public Task<ReplayResult> ReplayAsync(ReplayFilter filter, bool dryRun, CancellationToken ct) => throw new NotSupportedException();

        public Task<ReplayResult> ReplayAsync(ReplayFilter filter, bool dryRun, ReplayRewrite? rewrite, CancellationToken ct) => throw new NotSupportedException();
    }

    /// <summary>These employees have no date ahead: a due item written for one would be a bug.</summary>
    private sealed class NoDues : IDueStore
    {
        public Task RecordAsync(IReadOnlyCollection<DueEmployee> due, CancellationToken ct) =>
            throw new InvalidOperationException($"No employee here has a date ahead, yet {due.Count} were recorded as due.");

        public Task<IReadOnlyList<DueEmployee>> GetDueAsync(DateOnly through, CancellationToken ct) => Task.FromResult<IReadOnlyList<DueEmployee>>([]);

        public Task<(int Count, DateOnly? Next)> CountUpcomingAsync(DateOnly after, CancellationToken ct) => Task.FromResult((0, (DateOnly?)null));

        public Task<int> RemoveThroughAsync(DateOnly through, CancellationToken ct) => Task.FromResult(0);
    }

    private sealed class NoOutcomes : IOutcomeStore
    {
        public Task<bool> TryRecordAsync(
            string runId, string employeeId, Outcome outcome, string? detail, IReadOnlyList<string> warnings, bool driftCorrected, CancellationToken ct) => Task.FromResult(true);

        public Task<int> CountDriftCorrectedAsync(string runId, CancellationToken ct) => throw new NotSupportedException();

        public Task<OutcomeCounts> CountAsync(string runId, CancellationToken ct) => throw new NotSupportedException();

        public Task<IReadOnlyList<RecordedOutcome>> ListAsync(string runId, CancellationToken ct) => throw new NotSupportedException();
    }
}
