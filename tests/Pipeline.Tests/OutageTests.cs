using Microsoft.Extensions.DependencyInjection;
using Pipeline.Producer;
using Pipeline.Producer.Operate;
using Pipeline.Producer.Sync;
using Pipeline.Queue;
using Pipeline.Sandbox.Moodle;
using Pipeline.State;
using Pipeline.TestSupport;
using Pipeline.TestSupport.Pipeline;

namespace Pipeline.Pipeline.Tests;

/// <summary>
/// Moodle down mid-run (the stand-in answering 500 to every call): the consumers pause instead of dead-lettering,
/// `status` and `sync` say so (exit 6), and the run completes with nothing in the DLQ once Moodle is back.
/// </summary>
public sealed class OutageTests(EmulatorFixture emulators) : IClassFixture<EmulatorFixture>
{
    [Fact]
    public async Task Moodle_down_mid_run_pauses_the_consumers_dead_letters_nothing_and_the_run_completes_after()
    {
        // Three receives at most: without the pause, the redelivery delays (1-4 s) would spend them in seconds.
        await using var stack = await PipelineStack.StartAsync(emulators, o =>
        {
            o.Prefix = "outage";
            o.MaxReceiveCount = 3;
        });
        var seed = await stack.GenerateAsync(30, seed: 31);
        await stack.SetMoodleFaultsAsync(new MoodleFaultSettings { Http500Rate = 1.0 });
        await stack.StartConsumersAsync(2, new Dictionary<string, string?>
        {
            ["Consumer:OutageThreshold"] = "2",
            ["Consumer:OutageProbeMax"] = "00:00:01",
            ["Consumer:GatherSize"] = "5",
        });

        var stopped = await stack.RunSyncAsync(TimeSpan.FromSeconds(15));

        Assert.Equal(SyncStatus.Draining, stopped.Summary.Status);
        Assert.Equal(ExitCodes.CompletedWithErrors, stopped.ExitCode);
        Assert.Contains("paused: Moodle unreachable (http500)", stopped.Summary.Reason, StringComparison.Ordinal);
        using (var producer = stack.BuildProducer(Needs.State | Needs.Queue))
        {
            var status = await producer.Services.GetRequiredService<StatusReader>().ReadAsync(CancellationToken.None);
            Assert.Contains(status.StoppedConsumers, line => line.StartsWith("paused: Moodle unreachable", StringComparison.Ordinal));
        }

        // Held well past three receives' worth of redelivery delays: nothing parked for the outage (the seed's poison may be).
        Assert.DoesNotContain(await stack.DeadLettersAsync(), d => DeadLetterCodes.IsOutage(d.Code));
        await stack.SetMoodleFaultsAsync(new MoodleFaultSettings());

        var result = await stack.RunSyncAsync(Waits.Sync);

        Assert.Equal(SyncStatus.Completed, result.Summary.Status);
        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        Assert.DoesNotContain(await stack.DeadLettersAsync(), d => DeadLetterCodes.IsOutage(d.Code));
        new SeedFacts(seed).AssertApplied(await stack.MoodleUsersByIdNumberAsync(), await stack.DeadLettersAsync());
        using (var producer = stack.BuildProducer(Needs.State | Needs.Queue))
        {
            var records = await producer.Services.GetRequiredService<IConsumerStateStore>().ListAsync(CancellationToken.None);
            Assert.Empty(StoppedConsumers.From(records));
            Assert.Contains(records, r => r.State == ConsumerState.Running);
        }
    }

    [Fact]
    public async Task A_run_in_which_moodle_kept_failing_for_employees_is_completed_with_errors_and_exits_6()
    {
        // dml_write/read_exception on every call: transient but not an outage, so the messages are parked on their last attempt.
        await using var stack = await PipelineStack.StartAsync(emulators, o =>
        {
            o.Prefix = "exhausted";
            o.MaxReceiveCount = 2;
        });
        await stack.GenerateAsync(20, seed: 37);
        await stack.SetMoodleFaultsAsync(new MoodleFaultSettings { DmlErrorRate = 1.0 });
        await stack.StartConsumersAsync(1);

        var result = await stack.RunSyncAsync(Waits.Sync);

        Assert.Equal(SyncStatus.CompletedWithErrors, result.Summary.Status);
        Assert.Equal(ExitCodes.CompletedWithErrors, result.ExitCode);
        Assert.True(result.Summary.Errors > 0 && result.Summary.Errors == result.Summary.DeadLettered, $"errors {result.Summary.Errors}, dead-lettered {result.Summary.DeadLettered}");
        Assert.Contains("transient_exhausted", result.Summary.Reason, StringComparison.Ordinal);
        Assert.Contains(await stack.DeadLettersAsync(), d => d.Code == DeadLetterCodes.TransientExhausted);
    }
}
