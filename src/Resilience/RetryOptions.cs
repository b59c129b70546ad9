namespace Pipeline.Resilience;

/// <summary>
/// Configuration section "Retry" (environment: <c>Retry__Moodle__MaxAttempts</c>, ...): every retry the pipeline makes,
/// in one place. Which failures are retried at all is <see cref="FailureClassifier"/>'s answer.
/// </summary>
public sealed class RetryOptions
{
    public const string SectionName = "Retry";

    /// <summary>The AWS SDK's retries inside each SQS and DynamoDB call.</summary>
    public AwsRetryOptions Aws { get; set; } = new();

    /// <summary>Moodle reads (site info, lookups, the read-back after an update). Writes are sent once: a write that
    /// timed out may have been applied, and only a re-read, on the message's next delivery, can tell.</summary>
    public RetryRule Moodle { get; set; } = new() { MaxAttempts = 4, BaseDelay = TimeSpan.FromMilliseconds(500), MaxDelay = TimeSpan.FromSeconds(30) };

    /// <summary>Every BambooHR call; a <c>Retry-After</c> from BambooHR (429, 503) is waited out instead of the backoff.</summary>
    public RetryRule BambooHr { get; set; } = new() { MaxAttempts = 6, BaseDelay = TimeSpan.FromSeconds(1), MaxDelay = TimeSpan.FromMinutes(2) };

    /// <summary>The publisher's SendMessageBatch: whole calls that failed transiently and entries SQS failed on its side.</summary>
    public RetryRule Sqs { get; set; } = new() { MaxAttempts = 5, BaseDelay = TimeSpan.FromMilliseconds(100), MaxDelay = TimeSpan.FromSeconds(5) };

    /// <summary>DynamoDB batch reads: keys DynamoDB left unprocessed (throttled) and calls still throttled after the SDK's retries.</summary>
    public RetryRule DynamoDb { get; set; } = new() { MaxAttempts = 8, BaseDelay = TimeSpan.FromMilliseconds(50), MaxDelay = TimeSpan.FromSeconds(5) };

    /// <summary>
    /// A message whose employee failed transiently is delivered again after this backoff, by its receive count (through
    /// its visibility). How many receives it gets is <c>Consumer:MaxAttempts</c>, which equals the queue's maxReceiveCount.
    /// </summary>
    public Backoff Redelivery { get; set; } = new() { BaseDelay = TimeSpan.FromSeconds(10), MaxDelay = TimeSpan.FromMinutes(5) };
}
