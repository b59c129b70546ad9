using System.Globalization;
using Amazon.DynamoDBv2.Model;
using Amazon.SQS.Model;
using Pipeline.Contracts;
using Pipeline.Queue;
using Pipeline.State;

namespace Pipeline.TestSupport.Pipeline;

/// <summary>Direct reads of the state table and the queues, for assertions; and raw sends, for hostile messages.</summary>
public sealed partial class PipelineStack
{
    /// <summary>STATE/WATERMARK as the pipeline reads it.</summary>
    public Task<PipelineState> GetStateAsync(CancellationToken ct = default) => RunState.GetStateAsync(ct);

    /// <summary>The raw STATE/WATERMARK item (empty when absent), to see exactly what is stored.</summary>
    public async Task<Dictionary<string, AttributeValue>> GetStateItemAsync(CancellationToken ct = default)
    {
        var response = await DynamoDb.GetItemAsync(new GetItemRequest
        {
            TableName = TableName,
            Key = new Dictionary<string, AttributeValue>
            {
                ["pk"] = new() { S = "STATE" },
                ["sk"] = new() { S = "WATERMARK" },
            },
            ConsistentRead = true,
        }, ct).ConfigureAwait(false);
        return response.Item ?? [];
    }

    public Task<RunRecord?> GetRunAsync(string runId, CancellationToken ct = default) => RunState.GetRunAsync(runId, ct);

    public Task<IReadOnlyList<RecordedOutcome>> OutcomesAsync(string runId, CancellationToken ct = default) => Outcomes.ListAsync(runId, ct);

    public async Task<IReadOnlyDictionary<Outcome, int>> OutcomeCountsAsync(string runId, CancellationToken ct = default) =>
        (await Outcomes.CountAsync(runId, ct).ConfigureAwait(false)).ByOutcome;

    public async Task<LedgerEntry?> LedgerEntryAsync(string employeeId, CancellationToken ct = default)
    {
        var entries = await Ledger.GetManyAsync([employeeId], ct).ConfigureAwait(false);
        return entries.TryGetValue(employeeId, out var entry) ? entry : null;
    }

    /// <summary>The main queue's approximate counts (exact on the emulator).</summary>
    public Task<QueueCounts> QueueCountsAsync(CancellationToken ct = default) => CountsAsync(QueueUrl, ct);

    public Task<QueueCounts> DeadLetterCountsAsync(CancellationToken ct = default) => CountsAsync(DeadLetterQueueUrl, ct);

    /// <summary>Everything in the DLQ (left there, visible), with failure_code and friends parsed.</summary>
    public Task<IReadOnlyList<DeadLetter>> DeadLettersAsync(int max = 500, CancellationToken ct = default) => DeadLetterQueue.PeekAsync(max, ct);

    /// <summary>Sends a message to the main queue exactly as given: any body, any string attributes.</summary>
    public async Task<string> SendRawAsync(string body, IReadOnlyDictionary<string, string>? attributes = null, CancellationToken ct = default)
    {
        var response = await Sqs.SendMessageAsync(new SendMessageRequest
        {
            QueueUrl = QueueUrl,
            MessageBody = body,
            MessageAttributes = (attributes ?? new Dictionary<string, string>()).ToDictionary(
                a => a.Key, a => new MessageAttributeValue { DataType = "String", StringValue = a.Value }),
        }, ct).ConfigureAwait(false);
        return response.MessageId;
    }

    /// <summary>Sends a well-formed v1 message for <paramref name="message"/> with the attributes the producer would set.</summary>
    public Task<string> SendAsync(EmployeeChanged message, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        return SendRawAsync(EmployeeChangedCodec.Encode(message), new Dictionary<string, string>
        {
            [MessageAttributes.RunId] = message.RunId,
            [MessageAttributes.EmployeeId] = message.EmployeeId,
        }, ct);
    }

    /// <summary>Receives up to <paramref name="max"/> messages (all attributes) from the main queue, as a consumer would.</summary>
    public async Task<List<Message>> ReceiveAsync(int max, int visibilityTimeoutSeconds = 30, int waitSeconds = 1, CancellationToken ct = default)
    {
        var received = new List<Message>();
        while (received.Count < max)
        {
            var response = await Sqs.ReceiveMessageAsync(new ReceiveMessageRequest
            {
                QueueUrl = QueueUrl,
                MaxNumberOfMessages = Math.Min(10, max - received.Count),
                WaitTimeSeconds = waitSeconds,
                VisibilityTimeout = visibilityTimeoutSeconds,
                MessageAttributeNames = ["All"],
                MessageSystemAttributeNames = ["All"],
            }, ct).ConfigureAwait(false);
            if (response.Messages is not { Count: > 0 } batch)
            {
                break;
            }

            received.AddRange(batch);
        }

        return received;
    }

    private async Task<QueueCounts> CountsAsync(string url, CancellationToken ct)
    {
        var response = await Sqs.GetQueueAttributesAsync(new GetQueueAttributesRequest
        {
            QueueUrl = url,
            AttributeNames = ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible", "ApproximateNumberOfMessagesDelayed"],
        }, ct).ConfigureAwait(false);
        long Get(string name) => response.Attributes.TryGetValue(name, out var v) ? long.Parse(v, CultureInfo.InvariantCulture) : 0;
        return new QueueCounts(Get("ApproximateNumberOfMessages"), Get("ApproximateNumberOfMessagesNotVisible"), Get("ApproximateNumberOfMessagesDelayed"));
    }
}
