using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Microsoft.Extensions.Options;
using static Pipeline.State.AttributeValues;

namespace Pipeline.State;

/// <summary><see cref="IConsumerStateStore"/> on the state table: pk CONSUMERS, sk the instance, so one query lists them all.</summary>
public sealed class DynamoConsumerStateStore(IAmazonDynamoDB db, IOptions<StateOptions> options) : IConsumerStateStore
{
    // A consumer gone for good leaves its record behind; the table's TTL clears it.
    private static readonly TimeSpan Keep = TimeSpan.FromDays(7);

    private readonly string _table = options.Value.TableName;

    public async Task RecordAsync(ConsumerRecord record, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(record);
        var item = Key(StateKeys.ConsumersPk, record.Instance);
        item[StateKeys.ConsumerState] = S(record.State.ToString().ToLowerInvariant());
        item[StateKeys.Since] = Time(record.Since);
        item[StateKeys.UpdatedAt] = Time(record.UpdatedAt);
        item[StateKeys.ExpiresAt] = new AttributeValue { N = Timestamps.EpochSeconds(record.UpdatedAt + Keep) };
        if (record.Reason is not null)
        {
            item[StateKeys.Reason] = S(record.Reason);
        }

        await db.PutItemAsync(new PutItemRequest { TableName = _table, Item = item }, ct).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<ConsumerRecord>> ListAsync(CancellationToken ct)
    {
        var records = new List<ConsumerRecord>();
        Dictionary<string, AttributeValue>? start = null;
        do
        {
            var response = await db.QueryAsync(new QueryRequest
            {
                TableName = _table,
                KeyConditionExpression = "#pk = :pk",
                ExpressionAttributeNames = new() { ["#pk"] = StateKeys.Pk },
                ExpressionAttributeValues = new() { [":pk"] = S(StateKeys.ConsumersPk) },
                ExclusiveStartKey = start,
                ConsistentRead = true,
            }, ct).ConfigureAwait(false);
            foreach (var item in response.Items ?? [])
            {
                records.Add(new ConsumerRecord(
                    item.GetRequiredString(StateKeys.Sk),
                    Enum.TryParse<ConsumerState>(item.GetString(StateKeys.ConsumerState), ignoreCase: true, out var state) ? state : ConsumerState.Running,
                    item.GetString(StateKeys.Reason),
                    item.GetRequiredTime(StateKeys.Since),
                    item.GetRequiredTime(StateKeys.UpdatedAt)));
            }

            start = response.LastEvaluatedKey is { Count: > 0 } last ? last : null;
        }
        while (start is not null);

        return records;
    }
}
