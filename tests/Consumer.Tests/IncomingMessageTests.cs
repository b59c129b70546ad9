using Amazon.SQS.Model;
using Pipeline.Consumer.Handling;
using Pipeline.Consumer.Lambda;

namespace Pipeline.Consumer.Tests;

/// <summary>One conversion for both hosts: the worker's SQS message and the Lambda's event record give the same IncomingMessage.</summary>
public sealed class IncomingMessageTests
{
    [Fact]
    public void A_received_message_keeps_its_string_attributes_and_receive_count()
    {
        var message = new Message
        {
            MessageId = "m-1",
            ReceiptHandle = "r-1",
            Body = "{}",
            Attributes = new Dictionary<string, string> { ["ApproximateReceiveCount"] = "3", ["SentTimestamp"] = "1" },
            MessageAttributes = new Dictionary<string, MessageAttributeValue>
            {
                ["run_id"] = new() { DataType = "String", StringValue = "r-7" },
                ["blob"] = new() { DataType = "Binary", BinaryValue = new MemoryStream([1, 2]) },
            },
        };

        var incoming = IncomingMessage.From(message);

        Assert.Equal(("m-1", "r-1", "{}", 3), (incoming.MessageId, incoming.ReceiptHandle, incoming.Body, incoming.ReceiveCount));
        Assert.Equal(new Dictionary<string, string> { ["run_id"] = "r-7" }, incoming.Attributes);
    }

    [Fact]
    public void A_lambda_record_converts_by_the_same_rule_and_a_missing_count_is_a_first_delivery()
    {
        var record = new SqsEventRecord("m-2", "r-2", "{}", new Dictionary<string, string> { ["SentTimestamp"] = "1" },
            new Dictionary<string, SqsEventMessageAttribute>
            {
                ["run_id"] = new("r-7", "String"),
                ["blob"] = new(null, "Binary"),
            }, null, "aws:sqs", "eu-west-2", null);

        var incoming = LambdaEntryPoint.ToIncoming(record);

        Assert.Equal(1, incoming.ReceiveCount);
        Assert.Equal(new Dictionary<string, string> { ["run_id"] = "r-7" }, incoming.Attributes);
        var fromWorker = IncomingMessage.From(new Message
        {
            MessageId = "m-2",
            ReceiptHandle = "r-2",
            Body = "{}",
            MessageAttributes = new Dictionary<string, MessageAttributeValue> { ["run_id"] = new() { DataType = "String", StringValue = "r-7" } },
        });
        Assert.Equal((fromWorker.MessageId, fromWorker.ReceiveCount), (incoming.MessageId, incoming.ReceiveCount));
        Assert.Equal(fromWorker.Attributes, incoming.Attributes);
    }
}
