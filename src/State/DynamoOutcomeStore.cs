using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Microsoft.Extensions.Options;
using Pipeline.Contracts;
using static Pipeline.State.AttributeValues;

namespace Pipeline.State;

/// <summary><see cref="IOutcomeStore"/> on the state table: <c>RUN#&lt;runId&gt;/OUT#&lt;employeeId&gt;</c>, written once.</summary>
public sealed class DynamoOutcomeStore(IAmazonDynamoDB db, IOptions<StateOptions> options, TimeProvider time) : IOutcomeStore
{
    private readonly string _table = options.Value.TableName;
    private readonly TimeSpan _ttl = TimeSpan.FromDays(options.Value.RunRecordTtlDays);

    public async Task<bool> TryRecordAsync(
        string runId, string employeeId, Outcome outcome, string? detail, IReadOnlyList<string> warnings, bool driftCorrected, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(runId);
        ArgumentException.ThrowIfNullOrWhiteSpace(employeeId);
        ArgumentNullException.ThrowIfNull(warnings);
        if (!Enum.IsDefined(outcome))
        {
            throw new ArgumentOutOfRangeException(nameof(outcome), outcome, "Not a known outcome.");
        }

        var now = time.GetUtcNow();
        var item = Key(StateKeys.RunPk(runId), StateKeys.OutcomeSk(employeeId));
        item[StateKeys.Outcome] = S(outcome.ToString());
        item[StateKeys.RecordedAt] = Time(now);
        item[StateKeys.ExpiresAt] = new AttributeValue { N = Timestamps.EpochSeconds(now + _ttl) };
        if (detail is not null)
        {
            item[StateKeys.Detail] = S(detail);
        }

        if (warnings.Count > 0)
        {
            item[StateKeys.Warnings] = new AttributeValue { L = [.. warnings.Select(S)] };
        }

        if (driftCorrected)
        {
            item[StateKeys.DriftCorrected] = True();
        }

        try
        {
            await db.PutItemAsync(new PutItemRequest
            {
                TableName = _table,
                Item = item,
                ConditionExpression = "attribute_not_exists(pk)",
            }, ct).ConfigureAwait(false);
            return true;
        }
        catch (ConditionalCheckFailedException)
        {
            // A redelivered message: the first outcome stands, so counts never double.
            return false;
        }
    }

    public async Task<OutcomeCounts> CountAsync(string runId, CancellationToken ct)
    {
        var counts = Enum.GetValues<Outcome>().ToDictionary(o => o, _ => 0);
        var warned = 0;
        await foreach (var item in QueryOutcomesAsync(runId, [StateKeys.Outcome, StateKeys.Warnings], ct).ConfigureAwait(false))
        {
            counts[ParseOutcome(item)]++;
            if (Warnings(item).Count > 0)
            {
                warned++;
            }
        }

        return new OutcomeCounts(counts, warned);
    }

    public async Task<int> CountDriftCorrectedAsync(string runId, CancellationToken ct)
    {
        // Only drift-corrected items carry the attribute; the count is read once per summary, not per drain poll.
        var count = 0;
        await foreach (var item in QueryOutcomesAsync(runId, [StateKeys.DriftCorrected], ct).ConfigureAwait(false))
        {
            if (item.GetFlag(StateKeys.DriftCorrected))
            {
                count++;
            }
        }

        return count;
    }

    public async Task<IReadOnlyList<RecordedOutcome>> ListAsync(string runId, CancellationToken ct)
    {
        var outcomes = new List<RecordedOutcome>();
        await foreach (var item in QueryOutcomesAsync(runId, only: null, ct).ConfigureAwait(false))
        {
            outcomes.Add(new RecordedOutcome(
                item.GetRequiredString(StateKeys.Sk)[StateKeys.OutcomeSkPrefix.Length..],
                ParseOutcome(item),
                item.GetString(StateKeys.Detail),
                item.GetRequiredTime(StateKeys.RecordedAt),
                item.GetFlag(StateKeys.DriftCorrected))
            {
                Warnings = Warnings(item),
            });
        }

        return outcomes;
    }

    private async IAsyncEnumerable<Dictionary<string, AttributeValue>> QueryOutcomesAsync(
        string runId, IReadOnlyList<string>? only, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(runId);
        Dictionary<string, AttributeValue>? startKey = null;
        do
        {
            var request = new QueryRequest
            {
                TableName = _table,
                KeyConditionExpression = "pk = :pk AND begins_with(sk, :prefix)",
                ExpressionAttributeValues = new()
                {
                    [":pk"] = S(StateKeys.RunPk(runId)),
                    [":prefix"] = S(StateKeys.OutcomeSkPrefix),
                },
                ConsistentRead = true,
                ExclusiveStartKey = startKey,
            };
            if (only is not null)
            {
                // Counting needs a few attributes of each item, not the whole item.
                request.ProjectionExpression = string.Join(", ", only.Select((_, i) => "#a" + i.ToString(System.Globalization.CultureInfo.InvariantCulture)));
                request.ExpressionAttributeNames = only.Select((name, i) => (name, i))
                    .ToDictionary(a => "#a" + a.i.ToString(System.Globalization.CultureInfo.InvariantCulture), a => a.name);
            }

            var response = await db.QueryAsync(request, ct).ConfigureAwait(false);
            foreach (var item in response.Items ?? [])
            {
                yield return item;
            }

            startKey = response.LastEvaluatedKey is { Count: > 0 } last ? last : null;
        }
        while (startKey is not null);
    }

    private static IReadOnlyList<string> Warnings(Dictionary<string, AttributeValue> item) =>
        item.TryGetValue(StateKeys.Warnings, out var list) && list.L is { Count: > 0 } values ? [.. values.Select(v => v.S)] : [];

    private static Outcome ParseOutcome(Dictionary<string, AttributeValue> item) =>
        Enum.TryParse<Outcome>(item.GetRequiredString(StateKeys.Outcome), ignoreCase: false, out var outcome)
            ? outcome
            : throw new InvalidDataException(
                $"Outcome item {item.GetString(StateKeys.Pk)}/{item.GetString(StateKeys.Sk)} holds an unknown outcome; " +
                "it was written by a newer pipeline version. Deploy that version to read it.");
}
