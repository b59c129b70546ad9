using Amazon.DynamoDBv2;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Pipeline.Resilience;
using Pipeline.TestSupport;

namespace Pipeline.State.Tests;

/// <summary>The three stores over a fresh table of their own on the DynamoDB emulator, with a hand-moved clock.</summary>
internal sealed class StateTestBed : IDisposable
{
    private StateTestBed(IAmazonDynamoDB db, string table, ManualClock clock)
    {
        Db = db;
        Table = table;
        Clock = clock;
        var options = Options.Create(new StateOptions { TableName = table });
        Runs = new DynamoRunStateStore(db, options, clock, NullLogger<DynamoRunStateStore>.Instance);
        Outcomes = new DynamoOutcomeStore(db, options, clock);
        Ledger = new DynamoIdempotencyLedger(db, options, Options.Create(new RetryOptions()), clock);
        Due = new DynamoDueStore(db, options, clock);
    }

    public IAmazonDynamoDB Db { get; }

    public string Table { get; }

    public ManualClock Clock { get; }

    public DynamoRunStateStore Runs { get; }

    public DynamoOutcomeStore Outcomes { get; }

    public DynamoIdempotencyLedger Ledger { get; }

    public DynamoDueStore Due { get; }

    public static async Task<StateTestBed> CreateAsync(EmulatorFixture emulators, string prefix)
    {
        var table = await emulators.CreateStateTableAsync(prefix);
        return new StateTestBed(emulators.CreateDynamoDbClient(), table, new ManualClock());
    }

    public void Dispose() => Db.Dispose();
}
