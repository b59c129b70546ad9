using Microsoft.Extensions.Options;

namespace Pipeline.Consumer.Handling;

/// <summary>
/// How long a message waits before its next attempt: Consumer__RetryBaseDelay doubled per receive, capped at
/// Consumer__MaxRetryDelay, plus up to a second of jitter. Used for transient Moodle failures and for messages the
/// handler left unsettled.
/// </summary>
public sealed class RetryDelay(IOptions<ConsumerOptions> options)
{
    private readonly ConsumerOptions _options = options.Value;

    /// <param name="receiveCount">How many times the message has been received, this time included.</param>
    public TimeSpan For(int receiveCount)
    {
        var factor = Math.Pow(2, Math.Max(0, receiveCount - 1));
        var delay = TimeSpan.FromTicks((long)Math.Min(_options.RetryBaseDelay.Ticks * factor, _options.MaxRetryDelay.Ticks));
        // Jitter spreads retries of one failed batch so they do not hit Moodle together again.
        return delay + TimeSpan.FromMilliseconds(Random.Shared.Next(0, 1000));
    }
}
