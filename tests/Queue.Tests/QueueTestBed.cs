using Amazon.SQS;
using Amazon.SQS.Model;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Pipeline.Resilience;
using Pipeline.TestSupport;

namespace Pipeline.Queue.Tests;

/// <summary>A fresh queue + DLQ pair on the emulator, with the library's classes wired to it.</summary>
internal sealed class QueueTestBed
{
    private QueueTestBed(IAmazonSQS sqs, QueueOptions options, RetryOptions retry, ILoggerFactory? logs)
    {
        Sqs = sqs;
        Options = options;
        var wrapped = Microsoft.Extensions.Options.Options.Create(options);
        Publisher = new SqsQueuePublisher(
            sqs, wrapped, Microsoft.Extensions.Options.Options.Create(retry), logs?.CreateLogger<SqsQueuePublisher>() ?? NullLogger<SqsQueuePublisher>.Instance);
        Depth = new SqsQueueDepth(sqs, wrapped);
        DeadLetters = new SqsDeadLetterQueue(sqs, Publisher, wrapped, TimeProvider.System, NullLogger<SqsDeadLetterQueue>.Instance);
    }

    public IAmazonSQS Sqs { get; }

    public QueueOptions Options { get; }

    public SqsQueuePublisher Publisher { get; }

    public SqsQueueDepth Depth { get; }

    public SqsDeadLetterQueue DeadLetters { get; }

    public string QueueUrl => Options.QueueUrl;

    public string DlqUrl => Options.DeadLetterQueueUrl;

    public static async Task<QueueTestBed> CreateAsync(
        EmulatorFixture emulators,
        string prefix,
        int maxReceiveCount = 5,
        IAmazonSQS? sqs = null,
        Action<QueueOptions>? configure = null,
        ILoggerFactory? logs = null,
        int publishAttempts = 5)
    {
        var (queueUrl, dlqUrl) = await emulators.CreateQueuePairAsync(prefix, maxReceiveCount);
        var options = new QueueOptions { QueueUrl = queueUrl, DeadLetterQueueUrl = dlqUrl, DeadLetterHoldSeconds = 30 };
        configure?.Invoke(options);
        var retry = new RetryOptions { Sqs = { MaxAttempts = publishAttempts } };
        return new QueueTestBed(sqs ?? emulators.CreateSqsClient(), options, retry, logs);
    }

    /// <summary>Receives and deletes everything on a queue (the emulator answers empty only when it is empty).</summary>
    public async Task<List<Message>> DrainAsync(string queueUrl)
    {
        var all = new List<Message>();
        while (true)
        {
            var response = await Sqs.ReceiveMessageAsync(new ReceiveMessageRequest
            {
                QueueUrl = queueUrl,
                MaxNumberOfMessages = 10,
                WaitTimeSeconds = 0,
                VisibilityTimeout = 60,
                MessageAttributeNames = ["All"],
            });
            var messages = response.Messages ?? [];
            if (messages.Count == 0)
            {
                return all;
            }

            all.AddRange(messages);
            await Sqs.DeleteMessageBatchAsync(new DeleteMessageBatchRequest
            {
                QueueUrl = queueUrl,
                Entries = [.. messages.Select((m, i) => new DeleteMessageBatchRequestEntry { Id = i.ToString(System.Globalization.CultureInfo.InvariantCulture), ReceiptHandle = m.ReceiptHandle })],
            });
        }
    }

    public async Task<long> VisibleAsync(string queueUrl) => (await Depth.GetCountsAsync(queueUrl, CancellationToken.None)).Visible;

    public static Dictionary<string, string> Attributes(Message message) =>
        (message.MessageAttributes ?? []).ToDictionary(a => a.Key, a => a.Value.StringValue!, StringComparer.Ordinal);
}
