using Pipeline.Producer.Sync;
using Pipeline.State;
using Pipeline.TestSupport;
using Pipeline.TestSupport.Pipeline;

namespace Pipeline.Pipeline.Tests;

/// <summary>A BambooHR answer the producer cannot trust fails the run with a reason, publishes nothing and keeps the watermark.</summary>
public sealed class HostileBambooHrTests(EmulatorFixture emulators) : IClassFixture<EmulatorFixture>
{
    private const string Json = "application/json; charset=utf-8";

    public static TheoryData<string, string, string, string> Answers => new()
    {
        { "invalid JSON", Json, """{"latest":"2025-06-02T10:00:00+00:00","employees":{"1":{"id":"1",,}}}""", "not valid JSON" },
        { "HTML with 200", "text/html; charset=utf-8", "<!DOCTYPE html><html><body><h1>Sign in to BambooHR</h1></body></html>", "HTML" },
        { "truncated", Json, """{"latest":"2025-06-02T10:00:00+00:00","employees":{"1":{"id":"1","action":"Upd""", "not valid JSON" },
        { "missing latest", Json, """{"employees":{"1":{"id":"1","action":"Updated","lastChanged":"2025-06-02T09:00:00+00:00"}}}""", "'latest' is missing" },
        { "unknown action", Json, """{"latest":"2025-06-02T10:00:00+00:00","employees":{"1":{"id":"1","action":"Merged","lastChanged":"2025-06-02T09:00:00+00:00"}}}""", "expected Inserted, Updated or Deleted" },
        { "non-numeric id", Json, """{"latest":"2025-06-02T10:00:00+00:00","employees":{"abc":{"id":"abc","action":"Updated","lastChanged":"2025-06-02T09:00:00+00:00"}}}""", "not a numeric employee id" },
        { "JSON array", Json, "[]", "not an object" },
    };

    [Theory]
    [MemberData(nameof(Answers))]
    public async Task A_hostile_changed_since_answer_fails_the_run_and_keeps_the_watermark(string name, string contentType, string body, string expectedReason)
    {
        await using var stack = await PipelineStack.StartAsync(emulators, o => o.Prefix = "hostile-bhr");
        await using var canned = await CannedBambooHr.StartAsync(contentType, body);
        var watermark = new DateTimeOffset(2025, 6, 1, 0, 0, 0, TimeSpan.Zero);
        await stack.RunState.RewindAsync(watermark, force: false, CancellationToken.None);

        var result = await stack.RunSyncAsync(Waits.Sync, new Dictionary<string, string?> { ["BambooHr:BaseUrl"] = canned.BaseUrl });

        Assert.True(canned.ChangedCalls > 0, $"{name}: the producer never asked the canned server");
        Assert.Equal(ExitCodes.Failed, result.ExitCode);
        Assert.Equal(SyncStatus.Failed, result.Summary.Status);
        Assert.Contains(expectedReason, result.Summary.Reason, StringComparison.Ordinal);
        var state = await stack.GetStateAsync();
        Assert.Equal(watermark, state.Watermark);
        Assert.Null(state.PendingRunId);
        Assert.Equal(RunStatus.Failed, (await stack.GetRunAsync(result.Summary.RunId))!.Status);
        Assert.True((await stack.QueueCountsAsync()).IsEmpty, $"{name}: something was published");
    }
}
