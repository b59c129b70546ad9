using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Microsoft.Extensions.Options;
using static Pipeline.State.AttributeValues;

namespace Pipeline.State;

/// <summary><see cref="IIdempotencyLedger"/> on the state table: <c>EMP#&lt;employeeId&gt;/LEDGER</c>.</summary>
public sealed class DynamoIdempotencyLedger(IAmazonDynamoDB db, IOptions<StateOptions> options, TimeProvider time) : IIdempotencyLedger
{
    private const int BatchGetLimit = 100;
    private const int UnprocessedAttempts = 8;

    private readonly string _table = options.Value.TableName;

    public async Task<IReadOnlyDictionary<string, LedgerEntry>> GetManyAsync(IReadOnlyCollection<string> employeeIds, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(employeeIds);
        var found = new Dictionary<string, LedgerEntry>(StringComparer.Ordinal);
        foreach (var chunk in employeeIds.Distinct(StringComparer.Ordinal).Chunk(BatchGetLimit))
        {
            var pending = new KeysAndAttributes
            {
                Keys = [.. chunk.Select(id => Key(StateKeys.EmployeePk(id), StateKeys.LedgerSk))],
                ConsistentRead = true,
            };
            var delay = TimeSpan.FromMilliseconds(50);
            for (var attempt = 1; pending is not null; attempt++)
            {
                var response = await db.BatchGetItemAsync(new BatchGetItemRequest
                {
                    RequestItems = new() { [_table] = pending },
                }, ct).ConfigureAwait(false);

                if (response.Responses?.TryGetValue(_table, out var items) == true)
                {
                    foreach (var item in items)
                    {
                        var entry = ToEntry(item);
                        found[entry.EmployeeId] = entry;
                    }
                }

                pending = response.UnprocessedKeys?.TryGetValue(_table, out var rest) == true && rest.Keys is { Count: > 0 } ? rest : null;
                if (pending is null)
                {
                    break;
                }

                if (attempt == UnprocessedAttempts)
                {
                    throw new TimeoutException(
                        $"DynamoDB left {pending.Keys.Count} ledger reads unprocessed after {UnprocessedAttempts} attempts (table {_table} is throttled). " +
                        "The batch will be retried; if this persists, check the table's capacity and throttling metrics.");
                }

                // DynamoDB returns unprocessed keys when throttled: back off before asking again.
                await Task.Delay(delay, ct).ConfigureAwait(false);
                delay *= 2;
            }
        }

        return found;
    }

    public async Task<bool> TryAdvanceAsync(LedgerEntry entry, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentException.ThrowIfNullOrWhiteSpace(entry.EmployeeId);

        var names = new Dictionary<string, string>
        {
            ["#lc"] = StateKeys.LastChanged,
            ["#hash"] = StateKeys.ContentHash,
            ["#applied"] = StateKeys.AppliedAt,
        };
        var values = new Dictionary<string, AttributeValue>
        {
            [":lc"] = Time(entry.LastChanged),
            [":applied"] = Time(time.GetUtcNow()),
        };
        var set = new List<string> { "#lc = :lc", "#applied = :applied" };
        string? remove = null;
        string sameTimeDifferentContent;
        if (entry.ContentHash is null)
        {
            remove = " REMOVE #hash";
            sameTimeDifferentContent = "attribute_exists(#hash)";
        }
        else
        {
            set.Add("#hash = :hash");
            values[":hash"] = S(entry.ContentHash);
            sameTimeDifferentContent = "(attribute_not_exists(#hash) OR #hash <> :hash)";
        }

        if (entry.MoodleUserId is { } moodleUserId)
        {
            set.Add("#moodle = :moodle");
            names["#moodle"] = StateKeys.MoodleUserId;
            values[":moodle"] = N(moodleUserId);
        }

        try
        {
            await db.UpdateItemAsync(new UpdateItemRequest
            {
                TableName = _table,
                Key = Key(StateKeys.EmployeePk(entry.EmployeeId), StateKeys.LedgerSk),
                UpdateExpression = "SET " + string.Join(", ", set) + remove,
                ConditionExpression = $"attribute_not_exists(#lc) OR #lc < :lc OR (#lc = :lc AND {sameTimeDifferentContent})",
                ExpressionAttributeNames = names,
                ExpressionAttributeValues = values,
            }, ct).ConfigureAwait(false);
            return true;
        }
        catch (ConditionalCheckFailedException)
        {
            // An equal or newer snapshot is already applied: the caller reports this message as stale.
            return false;
        }
    }

    private static LedgerEntry ToEntry(Dictionary<string, AttributeValue> item)
    {
        var pk = item.GetRequiredString(StateKeys.Pk);
        return new LedgerEntry(
            pk["EMP#".Length..],
            item.GetRequiredTime(StateKeys.LastChanged),
            item.GetString(StateKeys.ContentHash),
            item.GetLong(StateKeys.MoodleUserId));
    }
}
