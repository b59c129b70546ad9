namespace Pipeline.Resilience;

/// <summary>The AWS SDK's own retries, applied to every SQS and DynamoDB client the hosts create.</summary>
public sealed class AwsRetryOptions
{
    /// <summary>The SDK's retry mode: Standard (token bucket, exponential backoff) or Adaptive (also rate-limits the client when throttled).</summary>
    public AwsRetryMode Mode { get; set; } = AwsRetryMode.Standard;

    /// <summary>Attempts per SDK call, the first included (the SDK's MaxErrorRetry is one less).</summary>
    public int MaxAttempts { get; set; } = 5;
}

/// <summary>The AWS SDK's retry modes this pipeline allows (Legacy is not one: it predates the SDK's retry quotas).</summary>
public enum AwsRetryMode
{
    Standard,
    Adaptive,
}
