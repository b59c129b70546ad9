using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;

namespace Pipeline.State;

/// <summary>
/// Creates the state table where nothing provisions it (emulators, a developer's account). In AWS the table,
/// and its TTL on <c>expires_at</c>, come from Terraform; the emulator has no TTL API, so this does not set it.
/// </summary>
public static class StateTable
{
    private static readonly TimeSpan MaxPollDelay = TimeSpan.FromSeconds(2);

    public static async Task EnsureCreatedAsync(IAmazonDynamoDB db, string tableName, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentException.ThrowIfNullOrWhiteSpace(tableName);

        if (await DescribeStatusAsync(db, tableName, ct).ConfigureAwait(false) is null)
        {
            try
            {
                await db.CreateTableAsync(new CreateTableRequest
                {
                    TableName = tableName,
                    BillingMode = BillingMode.PAY_PER_REQUEST,
                    AttributeDefinitions =
                    [
                        new AttributeDefinition { AttributeName = StateKeys.Pk, AttributeType = ScalarAttributeType.S },
                        new AttributeDefinition { AttributeName = StateKeys.Sk, AttributeType = ScalarAttributeType.S },
                    ],
                    KeySchema =
                    [
                        new KeySchemaElement { AttributeName = StateKeys.Pk, KeyType = KeyType.HASH },
                        new KeySchemaElement { AttributeName = StateKeys.Sk, KeyType = KeyType.RANGE },
                    ],
                }, ct).ConfigureAwait(false);
            }
            catch (ResourceInUseException)
            {
                // Another process created it between our describe and create; waiting for ACTIVE below covers both.
            }
        }

        var delay = TimeSpan.FromMilliseconds(50);
        while (true)
        {
            var status = await DescribeStatusAsync(db, tableName, ct).ConfigureAwait(false);
            if (status == TableStatus.ACTIVE)
            {
                return;
            }

            if (status is null || status == TableStatus.DELETING)
            {
                throw new InvalidOperationException(
                    $"DynamoDB table {tableName} is {(status is null ? "missing" : "being deleted")} while it was being created; " +
                    "something else is deleting it. Check who manages the table, then retry.");
            }

            await Task.Delay(delay, ct).ConfigureAwait(false);
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxPollDelay.Ticks));
        }
    }

    /// <summary>Deletes the table if it exists and waits until it is gone (local emulators: `pipeline local-setup --reset`).</summary>
    public static async Task DeleteIfExistsAsync(IAmazonDynamoDB db, string tableName, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        try
        {
            await db.DeleteTableAsync(new DeleteTableRequest { TableName = tableName }, ct).ConfigureAwait(false);
        }
        catch (ResourceNotFoundException)
        {
            return;
        }

        var delay = TimeSpan.FromMilliseconds(50);
        while (await DescribeStatusAsync(db, tableName, ct).ConfigureAwait(false) is not null)
        {
            await Task.Delay(delay, ct).ConfigureAwait(false);
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxPollDelay.Ticks));
        }
    }

    private static async Task<TableStatus?> DescribeStatusAsync(IAmazonDynamoDB db, string tableName, CancellationToken ct)
    {
        try
        {
            var response = await db.DescribeTableAsync(new DescribeTableRequest { TableName = tableName }, ct).ConfigureAwait(false);
            return response.Table.TableStatus;
        }
        catch (ResourceNotFoundException)
        {
            return null;
        }
    }
}
