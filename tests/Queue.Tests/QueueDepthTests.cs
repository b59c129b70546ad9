using Amazon.SQS.Model;
using Pipeline.TestSupport;

namespace Pipeline.Queue.Tests;

public sealed class QueueDepthTests(EmulatorFixture emulators) : IClassFixture<EmulatorFixture>
{
    [Fact]
    public async Task Counts_show_visible_and_in_flight_messages_separately()
    {
        var bed = await QueueTestBed.CreateAsync(emulators, "depth");
        await bed.Publisher.PublishAsync(Messages.Many(5), CancellationToken.None);
        var received = await bed.Sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = bed.QueueUrl, MaxNumberOfMessages = 2, VisibilityTimeout = 60 });
        Assert.Equal(2, received.Messages!.Count);

        var counts = await bed.Depth.GetCountsAsync(bed.QueueUrl, CancellationToken.None);

        Assert.Equal(new QueueCounts(Visible: 3, InFlight: 2, Delayed: 0), counts);
        Assert.False(counts.IsEmpty);
    }

    [Fact]
    public async Task Counts_include_delayed_messages_and_an_untouched_queue_is_empty()
    {
        var bed = await QueueTestBed.CreateAsync(emulators, "depthdelay");
        Assert.True((await bed.Depth.GetCountsAsync(bed.QueueUrl, CancellationToken.None)).IsEmpty);

        await bed.Sqs.SendMessageAsync(new SendMessageRequest { QueueUrl = bed.QueueUrl, MessageBody = "later", DelaySeconds = 60 });

        var counts = await bed.Depth.GetCountsAsync(bed.QueueUrl, CancellationToken.None);
        Assert.Equal(new QueueCounts(0, 0, 1), counts);
        Assert.False(counts.IsEmpty);
    }

    [Fact]
    public async Task Counting_a_dead_letter_queue_that_does_not_exist_names_its_config_key()
    {
        var bed = await QueueTestBed.CreateAsync(emulators, "depthmissing", configure: o => o.DeadLetterQueueUrl += "-missing");

        var error = await Assert.ThrowsAsync<QueueAccessException>(() => bed.Depth.GetCountsAsync(bed.DlqUrl, CancellationToken.None));

        Assert.Contains("Queue__DeadLetterQueueUrl", error.Message, StringComparison.Ordinal);
    }
}
