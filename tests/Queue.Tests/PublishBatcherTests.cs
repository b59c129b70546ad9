namespace Pipeline.Queue.Tests;

public sealed class PublishBatcherTests
{
    [Fact]
    public void Slices_hold_at_most_ten_messages_and_cover_the_input_once_in_order()
    {
        var messages = Messages.Many(25);
        var batcher = new PublishBatcher(messages);
        var slices = new List<int[]>();
        var indices = new List<int>();

        while (batcher.TryTake(indices))
        {
            slices.Add([.. indices]);
        }

        Assert.Equal([10, 10, 5], slices.Select(s => s.Length));
        Assert.Equal(Enumerable.Range(0, 25), slices.SelectMany(s => s));
    }

    [Fact]
    public void A_slice_stays_under_the_SQS_batch_payload_limit_and_an_oversized_message_travels_alone()
    {
        var big = new string('b', 100 * 1024);
        var huge = new string('h', 300 * 1024);
        List<OutgoingMessage> messages =
        [
            Messages.For("1") with { Body = big },
            Messages.For("2") with { Body = big },
            Messages.For("3") with { Body = big },
            Messages.For("4") with { Body = huge },
            Messages.For("5"),
        ];
        var batcher = new PublishBatcher(messages);
        var slices = new List<int[]>();
        var indices = new List<int>();

        while (batcher.TryTake(indices))
        {
            slices.Add([.. indices]);
        }

        Assert.Equal([[0, 1], [2], [3], [4]], slices);
    }
}
