using Microsoft.Extensions.Options;
using Pipeline.Consumer.Handling;
using Pipeline.Resilience;

namespace Pipeline.Consumer.Tests;

/// <summary>The fail-closed rule: a message is failed until settled Done.</summary>
public sealed class ConsumerBatchTests
{
    private static readonly RetryDelay Delay = new(Options.Create(new RetryOptions()));

    [Fact]
    public void A_batch_nobody_settled_fails_every_message_with_the_default_backoff()
    {
        var messages = new[] { Raw(1), Raw(3) };
        var batch = new ConsumerBatch(messages);

        Assert.Empty(batch.Done);
        var failed = batch.Failed(Delay);
        Assert.Equal(messages, failed.Select(f => f.Message));
        Assert.InRange(failed[0].Delay, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(12));
        Assert.InRange(failed[1].Delay, TimeSpan.FromSeconds(40), TimeSpan.FromSeconds(48));
    }

    [Fact]
    public void Only_done_messages_are_acknowledged_and_a_retry_keeps_the_handlers_delay()
    {
        var (done, parked, retried, forgotten) = (Raw(1), Raw(1), Raw(1), Raw(1));
        var batch = new ConsumerBatch([done, parked, retried, forgotten]);

        batch.Complete(done);
        batch.Parked(parked, "invalid_json");
        batch.Retry(retried, TimeSpan.FromSeconds(3));

        Assert.Equal([done, parked], batch.Done);
        Assert.Equal("invalid_json", batch.ResultOf(parked.MessageId)?.DeadLetterCode);
        var failed = batch.Failed(Delay).ToDictionary(f => f.Message, f => f.Delay);
        Assert.Equal([retried, forgotten], failed.Keys);
        Assert.Equal(TimeSpan.FromSeconds(3), failed[retried]);
        Assert.False(batch.IsSettled(forgotten));
    }

    [Fact]
    public void A_message_from_another_batch_cannot_be_settled()
    {
        var batch = new ConsumerBatch([Raw(1)]);
        Assert.Throws<ArgumentException>(() => batch.Complete(Raw(1)));
    }

    private static IncomingMessage Raw(int receiveCount) => Snapshots.Raw("{}", new Dictionary<string, string>(), receiveCount);
}
