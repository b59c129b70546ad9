using System.ComponentModel.DataAnnotations;

namespace Pipeline.Queue;

/// <summary>Bound from the "Queue" configuration section (environment: <c>Queue__QueueUrl</c>, ...).</summary>
public sealed class QueueOptions
{
    public const string SectionName = "Queue";

    [Required]
    [Url]
    public string QueueUrl { get; set; } = "";

    [Required]
    [Url]
    public string DeadLetterQueueUrl { get; set; } = "";

    /// <summary>SendMessageBatch calls in flight at once while publishing. How often a message is tried is Retry:Sqs.</summary>
    [Range(1, 64)]
    public int PublishConcurrency { get; set; } = 4;

    /// <summary>
    /// How long DLQ peek/replay hold received messages invisible. Long enough to walk the whole DLQ
    /// without seeing a message twice; short enough that a crashed CLI gives them back soon.
    /// </summary>
    [Range(5, 900)]
    public int DeadLetterHoldSeconds { get; set; } = 60;
}
