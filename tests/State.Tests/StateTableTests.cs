using Amazon.DynamoDBv2.Model;
using Pipeline.LocalStack;
using Pipeline.TestSupport;

namespace Pipeline.State.Tests;

public sealed class StateTableTests(EmulatorFixture emulators) : IClassFixture<EmulatorFixture>
{
    [Fact]
    public async Task Ensure_created_makes_an_active_pk_sk_table_and_is_harmless_to_repeat()
    {
        var table = await emulators.CreateStateTableAsync("table-ensure");
        using var db = emulators.CreateDynamoDbClient();

        await StateTable.EnsureCreatedAsync(db, table, default);
        await Task.WhenAll(StateTable.EnsureCreatedAsync(db, table, default), StateTable.EnsureCreatedAsync(db, table, default));

        var described = (await db.DescribeTableAsync(new DescribeTableRequest { TableName = table })).Table;
        Assert.Equal("ACTIVE", described.TableStatus.Value);
        Assert.Equal(["pk:HASH", "sk:RANGE"], described.KeySchema.Select(k => $"{k.AttributeName}:{k.KeyType.Value}"));
    }

    [Fact]
    public async Task Parallel_creators_of_a_new_table_all_succeed()
    {
        using var db = emulators.CreateDynamoDbClient();
        var table = UniqueName.For("table-race");

        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => StateTable.EnsureCreatedAsync(db, table, default)));

        var described = (await db.DescribeTableAsync(new DescribeTableRequest { TableName = table })).Table;
        Assert.Equal("ACTIVE", described.TableStatus.Value);
    }
}
