using Amazon.DynamoDBv2;
using Amazon.Runtime;
using Microsoft.Extensions.Options;
using Pipeline.Resilience;
using Pipeline.TestSupport;

namespace Pipeline.State.Tests;

/// <summary>A throttled table, as Retry:DynamoDb handles it: faults injected in the DynamoDB client's HTTP pipeline.</summary>
public sealed class LedgerThrottlingTests(EmulatorFixture emulators) : IClassFixture<EmulatorFixture>
{
    private static readonly DateTimeOffset T1 = new(2025, 1, 6, 9, 0, 0, TimeSpan.Zero);

    private static readonly string[] Ids = ["1", "2", "3", "4"];

    [Fact]
    public async Task Keys_left_unprocessed_are_read_again_until_every_one_is_read()
    {
        using var injector = new ThrottlingInjector(times: 2);
        var (ledger, db) = await LedgerAsync("thr-keys", injector, attempts: 8);
        using var _ = db;

        var found = await ledger.GetManyAsync(Ids, default);

        Assert.Equal(Ids, found.Keys.Order());
        Assert.Equal(3, injector.BatchGets); // 1 + 1 read under throttling, then the last 2 together
    }

    [Fact]
    public async Task Keys_still_unprocessed_after_the_last_attempt_fail_the_read_saying_the_table_is_throttled()
    {
        using var injector = new ThrottlingInjector(times: int.MaxValue);
        var (ledger, db) = await LedgerAsync("thr-giveup", injector, attempts: 3);
        using var _ = db;

        var error = await Assert.ThrowsAsync<TimeoutException>(() => ledger.GetManyAsync(Ids, default));

        Assert.Contains("after 3 attempts", error.Message, StringComparison.Ordinal);
        Assert.Equal(3, injector.BatchGets);
    }

    [Fact]
    public async Task A_throttling_error_past_the_SDKs_retries_is_retried()
    {
        using var injector = new ThrottlingInjector(times: 1, errorCode: "ProvisionedThroughputExceededException");
        var (ledger, db) = await LedgerAsync("thr-error", injector, attempts: 3);
        using var _ = db;

        var found = await ledger.GetManyAsync(Ids, default);

        Assert.Equal(4, found.Count);
        Assert.Equal(2, injector.BatchGets);
    }

    [Fact]
    public async Task A_refusal_is_not_retried()
    {
        using var injector = new ThrottlingInjector(times: 1, errorCode: "ValidationException");
        var (ledger, db) = await LedgerAsync("thr-refused", injector, attempts: 3);
        using var _ = db;

        var error = await Assert.ThrowsAsync<AmazonDynamoDBException>(() => ledger.GetManyAsync(Ids, default));

        Assert.Equal("ValidationException", error.ErrorCode);
        Assert.Equal(1, injector.BatchGets);
    }

    private async Task<(DynamoIdempotencyLedger Ledger, IAmazonDynamoDB Db)> LedgerAsync(string prefix, HttpMessageHandler injector, int attempts)
    {
        using var bed = await StateTestBed.CreateAsync(emulators, prefix);
        foreach (var id in Ids)
        {
            Assert.True(await bed.Ledger.TryAdvanceAsync(new LedgerEntry(id, T1, "hash-" + id, null), default));
        }

        // SDK retries off, so every retry counted here is the ledger's own.
        var db = new AmazonDynamoDBClient(new BasicAWSCredentials("test", "test"), new AmazonDynamoDBConfig
        {
            ServiceURL = emulators.DynamoDbEndpoint.ToString(),
            AuthenticationRegion = EmulatorFixture.Region,
            MaxErrorRetry = 0,
            HttpClientFactory = new Factory(injector),
        });
        var retry = new RetryOptions { DynamoDb = { MaxAttempts = attempts, BaseDelay = TimeSpan.FromMilliseconds(1), MaxDelay = TimeSpan.FromMilliseconds(10) } };
        var ledger = new DynamoIdempotencyLedger(db, Options.Create(new StateOptions { TableName = bed.Table }), Options.Create(retry), new ManualClock());
        return (ledger, db);
    }

    private sealed class Factory(HttpMessageHandler handler) : HttpClientFactory
    {
        public override HttpClient CreateHttpClient(IClientConfig clientConfig) => new(handler, disposeHandler: false);

        public override bool UseSDKHttpClientCaching(IClientConfig clientConfig) => false;

        public override bool DisposeHttpClientsAfterUse(IClientConfig clientConfig) => false;

        public override string GetConfigUniqueString(IClientConfig clientConfig) => "throttling";
    }
}
