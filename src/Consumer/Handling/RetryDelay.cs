using Microsoft.Extensions.Options;
using Pipeline.Resilience;

namespace Pipeline.Consumer.Handling;

/// <summary>
/// How long a message waits before its next attempt: the shared policy's Retry:Redelivery rule for its receive count.
/// Used for transient Moodle failures and for messages the handler left unsettled.
/// </summary>
public sealed class RetryDelay(IOptions<RetryOptions> retry)
{
    private readonly Backoff _rule = retry.Value.Redelivery;

    /// <param name="receiveCount">How many times the message has been received, this time included.</param>
    public TimeSpan For(int receiveCount) => _rule.DelayForAttempt(receiveCount);
}
