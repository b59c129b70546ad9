using System.Globalization;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Microsoft.Extensions.Options;
using static Pipeline.State.AttributeValues;

namespace Pipeline.State;

/// <summary><see cref="IDueStore"/> on the state table: <c>DUE/&lt;yyyy-MM-dd&gt;#&lt;employeeId&gt;</c>.</summary>
public sealed class DynamoDueStore(IAmazonDynamoDB db, IOptions<StateOptions> options, TimeProvider time) : IDueStore
{
    private const string DateFormat = "yyyy-MM-dd";

    private readonly string _table = options.Value.TableName;

    public async Task RecordAsync(IReadOnlyCollection<DueEmployee> due, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(due);
        // A handful per run (only employees with a date ahead): one write each, in parallel.
        await Parallel.ForEachAsync(due, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = ct }, async (d, c) =>
        {
            var item = Key(StateKeys.DuePk, Sk(d.Due, d.EmployeeId));
            item[StateKeys.LastChanged] = Time(d.LastChanged);
            item[StateKeys.RecordedAt] = Time(time.GetUtcNow());
            await db.PutItemAsync(new PutItemRequest { TableName = _table, Item = item }, c).ConfigureAwait(false);
        }).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<DueEmployee>> GetDueAsync(DateOnly through, CancellationToken ct)
    {
        var due = new List<DueEmployee>();
        await foreach (var item in QueryAsync("sk < :next", Next(through), ct).ConfigureAwait(false))
        {
            due.Add(ToDue(item));
        }

        return due;
    }

    public async Task<(int Count, DateOnly? Next)> CountUpcomingAsync(DateOnly after, CancellationToken ct)
    {
        var count = 0;
        DateOnly? next = null;
        await foreach (var item in QueryAsync("sk >= :next", Next(after), ct).ConfigureAwait(false))
        {
            next ??= ToDue(item).Due;
            count++;
        }

        return (count, next);
    }

    public async Task<int> RemoveThroughAsync(DateOnly through, CancellationToken ct)
    {
        var due = await GetDueAsync(through, ct).ConfigureAwait(false);
        await Parallel.ForEachAsync(due, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = ct }, async (d, c) =>
            await db.DeleteItemAsync(new DeleteItemRequest { TableName = _table, Key = Key(StateKeys.DuePk, Sk(d.Due, d.EmployeeId)) }, c).ConfigureAwait(false))
            .ConfigureAwait(false);
        return due.Count;
    }

    // The date first, so the sort key orders by date: "due up to today" is one key range.
    private static string Sk(DateOnly due, string employeeId) => due.ToString(DateFormat, CultureInfo.InvariantCulture) + "#" + employeeId;

    private static string Next(DateOnly day) => day.AddDays(1).ToString(DateFormat, CultureInfo.InvariantCulture);

    private async IAsyncEnumerable<Dictionary<string, AttributeValue>> QueryAsync(
        string skCondition, string bound, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        Dictionary<string, AttributeValue>? startKey = null;
        do
        {
            var response = await db.QueryAsync(new QueryRequest
            {
                TableName = _table,
                KeyConditionExpression = "pk = :pk AND " + skCondition,
                ExpressionAttributeValues = new() { [":pk"] = S(StateKeys.DuePk), [":next"] = S(bound) },
                ConsistentRead = true,
                ExclusiveStartKey = startKey,
            }, ct).ConfigureAwait(false);
            foreach (var item in response.Items ?? [])
            {
                yield return item;
            }

            startKey = response.LastEvaluatedKey is { Count: > 0 } last ? last : null;
        }
        while (startKey is not null);
    }

    private static DueEmployee ToDue(Dictionary<string, AttributeValue> item)
    {
        var sk = item.GetRequiredString(StateKeys.Sk);
        var hash = sk.IndexOf('#', StringComparison.Ordinal);
        if (hash != DateFormat.Length || !DateOnly.TryParseExact(sk[..hash], DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var due))
        {
            throw new InvalidDataException($"State item {StateKeys.DuePk}/{sk} is not a due employee (date#employeeId). It was edited by hand; fix or delete the item.");
        }

        return new DueEmployee(sk[(hash + 1)..], due, item.GetRequiredTime(StateKeys.LastChanged));
    }
}
