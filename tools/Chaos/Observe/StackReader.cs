using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.SQS;
using Amazon.SQS.Model;

namespace Pipeline.Chaos.Observe;

public sealed record WatermarkState(string? Watermark, string? PendingRunId);

public sealed record RunMeta(string RunId, string? Status, int? TotalChanged, int? Published, string? Latest);

public sealed record QueueDepth(long Visible, long InFlight, long Delayed)
{
    public bool IsEmpty => Visible == 0 && InFlight == 0 && Delayed == 0;

    public long Total => Visible + InFlight + Delayed;
}

/// <summary>Reads the pipeline's state straight from DynamoDB and SQS, as docs/design.md lays it out.</summary>
public sealed class StackReader(IAmazonDynamoDB dynamo, IAmazonSQS sqs, string table, string queueUrl)
{
    public async Task<WatermarkState> GetWatermarkAsync(CancellationToken ct)
    {
        var item = await GetAsync("STATE", "WATERMARK", ct).ConfigureAwait(false);
        return new WatermarkState(Str(item, "watermark"), Str(item, "pending_run_id"));
    }

    public async Task<RunMeta> GetRunAsync(string runId, CancellationToken ct)
    {
        var item = await GetAsync("RUN#" + runId, "META", ct).ConfigureAwait(false);
        return new RunMeta(runId, Str(item, "status"), Num(item, "total_changed"), Num(item, "published"), Str(item, "latest"));
    }

    public async Task<int> CountOutcomesAsync(string runId, CancellationToken ct)
    {
        var count = 0;
        Dictionary<string, AttributeValue>? start = null;
        do
        {
            var response = await dynamo.QueryAsync(OutcomeQuery(runId, start, Select.COUNT), ct).ConfigureAwait(false);
            count += response.Count ?? 0;
            start = response.LastEvaluatedKey is { Count: > 0 } k ? k : null;
        }
        while (start is not null);
        return count;
    }

    /// <summary>Employee id → outcome, for every outcome record of the run.</summary>
    public async Task<Dictionary<string, string>> GetOutcomesAsync(string runId, CancellationToken ct)
    {
        var outcomes = new Dictionary<string, string>(StringComparer.Ordinal);
        Dictionary<string, AttributeValue>? start = null;
        do
        {
            var response = await dynamo.QueryAsync(OutcomeQuery(runId, start, Select.ALL_ATTRIBUTES), ct).ConfigureAwait(false);
            foreach (var item in response.Items ?? [])
            {
                outcomes[item["sk"].S["OUT#".Length..]] = Str(item, "outcome") ?? "(none)";
            }

            start = response.LastEvaluatedKey is { Count: > 0 } k ? k : null;
        }
        while (start is not null);
        return outcomes;
    }

    public async Task<QueueDepth> GetQueueAsync(string url, CancellationToken ct)
    {
        var response = await sqs.GetQueueAttributesAsync(new GetQueueAttributesRequest
        {
            QueueUrl = url,
            AttributeNames = ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible", "ApproximateNumberOfMessagesDelayed"],
        }, ct).ConfigureAwait(false);
        long Get(string name) => response.Attributes is { } a && a.TryGetValue(name, out var v) ? long.Parse(v, System.Globalization.CultureInfo.InvariantCulture) : 0;
        return new QueueDepth(Get("ApproximateNumberOfMessages"), Get("ApproximateNumberOfMessagesNotVisible"), Get("ApproximateNumberOfMessagesDelayed"));
    }

    public Task<QueueDepth> GetMainQueueAsync(CancellationToken ct) => GetQueueAsync(queueUrl, ct);

    private QueryRequest OutcomeQuery(string runId, Dictionary<string, AttributeValue>? start, Select select) => new()
    {
        TableName = table,
        KeyConditionExpression = "pk = :pk AND begins_with(sk, :out)",
        ExpressionAttributeValues = new Dictionary<string, AttributeValue>
        {
            [":pk"] = new AttributeValue { S = "RUN#" + runId },
            [":out"] = new AttributeValue { S = "OUT#" },
        },
        Select = select,
        ConsistentRead = true,
        ExclusiveStartKey = start,
    };

    private async Task<Dictionary<string, AttributeValue>?> GetAsync(string pk, string sk, CancellationToken ct)
    {
        var response = await dynamo.GetItemAsync(new GetItemRequest
        {
            TableName = table,
            Key = new Dictionary<string, AttributeValue> { ["pk"] = new AttributeValue { S = pk }, ["sk"] = new AttributeValue { S = sk } },
            ConsistentRead = true,
        }, ct).ConfigureAwait(false);
        return response.Item is { Count: > 0 } item ? item : null;
    }

    private static string? Str(Dictionary<string, AttributeValue>? item, string name) =>
        item is not null && item.TryGetValue(name, out var v) ? v.S : null;

    private static int? Num(Dictionary<string, AttributeValue>? item, string name) =>
        item is not null && item.TryGetValue(name, out var v) && v.N is { } n ? int.Parse(n, System.Globalization.CultureInfo.InvariantCulture) : null;
}
