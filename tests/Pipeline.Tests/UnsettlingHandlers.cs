using System.Collections.Concurrent;
using Pipeline.Consumer.Handling;
using Pipeline.Contracts;

namespace Pipeline.Pipeline.Tests;

/// <summary>
/// Batch handlers put in place of EmployeeBatchHandler (through IBatchHandler, the seam both hosts depend on) to
/// prove the hosts fail closed. Real implementations, not mocks: each records every delivery it was handed.
/// </summary>
internal abstract class RecordingHandler : IBatchHandler
{
    private readonly ConcurrentQueue<IncomingMessage> _seen = new();

    /// <summary>Every message handed over, in order, redeliveries included.</summary>
    public IReadOnlyList<IncomingMessage> Seen => [.. _seen];

    public int Batches { get; private set; }

    public int TimesSeen(string employeeId) => Seen.Count(m => EmployeeOf(m) == employeeId);

    public Task HandleAsync(ConsumerBatch batch, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(batch);
        Batches++;
        foreach (var message in batch.Messages)
        {
            _seen.Enqueue(message);
        }

        return SettleAsync(batch, ct);
    }

    protected static string? EmployeeOf(IncomingMessage m) => m.Attributes.GetValueOrDefault(MessageAttributes.EmployeeId);

    protected abstract Task SettleAsync(ConsumerBatch batch, CancellationToken ct);
}

/// <summary>Returns without settling anything, as a handler with a forgotten path would.</summary>
internal sealed class SettlesNothingHandler : RecordingHandler
{
    protected override Task SettleAsync(ConsumerBatch batch, CancellationToken ct) => Task.CompletedTask;
}

/// <summary>Settles one employee's messages Done, then throws: what escapes must not acknowledge the rest.</summary>
internal sealed class SettlesOneThenThrowsHandler(string employeeId) : RecordingHandler
{
    protected override Task SettleAsync(ConsumerBatch batch, CancellationToken ct)
    {
        foreach (var message in batch.Messages.Where(m => EmployeeOf(m) == employeeId))
        {
            batch.Complete(message);
        }

        throw new InvalidOperationException("A bug in the handler.");
    }
}

/// <summary>Settles one employee's messages Done, then works on until it is cancelled (a Moodle that stopped answering).</summary>
internal sealed class SettlesOneThenHangsHandler(string employeeId) : RecordingHandler
{
    public bool Cancelled { get; private set; }

    protected override async Task SettleAsync(ConsumerBatch batch, CancellationToken ct)
    {
        foreach (var message in batch.Messages.Where(m => EmployeeOf(m) == employeeId))
        {
            batch.Complete(message);
        }

        try
        {
            await Task.Delay(Timeout.Infinite, ct);
        }
        catch (OperationCanceledException)
        {
            Cancelled = true;
            throw;
        }
    }
}
