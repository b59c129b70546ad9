using System.ComponentModel.DataAnnotations;

namespace Pipeline.Consumer.Handling;

/// <summary>Configuration section "Consumer".</summary>
public sealed class ConsumerOptions
{
    /// <summary>
    /// Receives after which a transiently failing message is parked in the DLQ with its reason. Keep it equal to
    /// the queue's maxReceiveCount so the redrive policy only ever catches crashes. The wait between receives is
    /// section Retry:Redelivery.
    /// </summary>
    [Range(1, 100)]
    public int MaxAttempts { get; set; } = 5;

    /// <summary>Worker: parallel long-pollers.</summary>
    [Range(1, 64)]
    public int Pollers { get; set; } = 4;

    /// <summary>
    /// Worker: messages gathered into one handler batch (several receives of 10). Larger batches mean fewer Moodle
    /// calls per employee; 25–50 get the whole gain on a real Moodle.
    /// </summary>
    [Range(1, 100)]
    public int GatherSize { get; set; } = 10;

    /// <summary>Worker: long-poll wait.</summary>
    [Range(0, 20)]
    public int WaitTimeSeconds { get; set; } = 20;

    /// <summary>Worker: visibility timeout set on receive and extended while a batch is slow.</summary>
    [Range(10, 43200)]
    public int VisibilityTimeoutSeconds { get; set; } = 60;

    /// <summary>
    /// Worker: batches in a row that find Moodle down (no connection, timeouts, 5xx) before the consumer pauses: it
    /// stops receiving, holds the messages it has (their visibility extended, no receive spent) and probes Moodle
    /// until it answers. A batch holding a message on its last attempt pauses at once, so an outage never parks one.
    /// </summary>
    [Range(1, 100)]
    public int OutageThreshold { get; set; } = 3;

    /// <summary>Worker: the longest wait between two probes of a paused consumer (they start at 1 s and double).</summary>
    public TimeSpan OutageProbeMax { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Lambda: on a halt (bad token, no permission) messages are hidden this long, so they do not burn their receives.</summary>
    public TimeSpan HaltBackoff { get; set; } = TimeSpan.FromMinutes(15);
}
