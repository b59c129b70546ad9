using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;
using Microsoft.Extensions.Options;
using Pipeline.Resilience;
using Polly;
using static Pipeline.State.AttributeValues;

namespace Pipeline.State;

/// <summary><see cref="IIdempotencyLedger"/> on the state table: <c>EMP#&lt;employeeId&gt;/LEDGER</c>.</summary>
public sealed class DynamoIdempotencyLedger(IAmazonDynamoDB db, IOptions<StateOptions> options, IOptions<RetryOptions> retry, TimeProvider time)
    : IIdempotencyLedger
{
    private const int BatchGetLimit = 100;

    private readonly string _table = options.Value.TableName;
    private readonly int _attempts = retry.Value.DynamoDb.MaxAttempts;

    // A throttled table answers with unprocessed keys, or (past the SDK's own retries) with an error: both are read again.
    private readonly ResiliencePipeline<BatchRead> _reads = new ResiliencePipelineBuilder<BatchRead>()
        .AddRetry(retry.Value.DynamoDb, args => args.Outcome switch
        {
            { Exception: AmazonServiceException e } => FailureClassifier.Aws((int)e.StatusCode, e.ErrorCode) == FailureKind.Transient,
            { Exception: { } e } => FailureClassifier.IsTransientTransport(e, args.Context.CancellationToken),
            { Result: { } read } => read.Pending is not null,
            _ => false,
        })
        .Build();

    public async Task<IReadOnlyDictionary<string, LedgerEntry>> GetManyAsync(IReadOnlyCollection<string> employeeIds, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(employeeIds);
        var found = new Dictionary<string, LedgerEntry>(StringComparer.Ordinal);
        foreach (var chunk in employeeIds.Distinct(StringComparer.Ordinal).Chunk(BatchGetLimit))
        {
            var read = new BatchRead(new KeysAndAttributes
            {
                Keys = [.. chunk.Select(id => Key(StateKeys.EmployeePk(id), StateKeys.LedgerSk))],
                ConsistentRead = true,
            }, found);
            await _reads.ExecuteAsync(static (state, c) => state.Ledger.ReadAsync(state.Read, c), (Ledger: this, Read: read), ct).ConfigureAwait(false);
            ct.ThrowIfCancellationRequested(); // stopped between attempts, not throttled
            if (read.Pending is { } rest)
            {
                throw new TimeoutException(
                    $"DynamoDB left {rest.Keys.Count} ledger reads unprocessed after {_attempts} attempts (table {_table} is throttled). " +
                    "The batch will be retried; if this persists, check the table's capacity and throttling metrics.");
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

    /// <summary>One BatchGetItem call; what it read goes into the batch's results, what it left is still pending.</summary>
    private async ValueTask<BatchRead> ReadAsync(BatchRead read, CancellationToken ct)
    {
        var response = await db.BatchGetItemAsync(new BatchGetItemRequest
        {
            RequestItems = new() { [_table] = read.Pending! },
        }, ct).ConfigureAwait(false);

        if (response.Responses?.TryGetValue(_table, out var items) == true)
        {
            foreach (var item in items)
            {
                var entry = ToEntry(item);
                read.Found[entry.EmployeeId] = entry;
            }
        }

        read.Pending = response.UnprocessedKeys?.TryGetValue(_table, out var rest) == true && rest.Keys is { Count: > 0 } ? rest : null;
        return read;
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

    private sealed class BatchRead(KeysAndAttributes keys, Dictionary<string, LedgerEntry> found)
    {
        public KeysAndAttributes? Pending { get; set; } = keys;

        public Dictionary<string, LedgerEntry> Found => found;
    }
}
