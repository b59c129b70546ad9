using Amazon.Runtime;
using Amazon.SQS.Model;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Pipeline.Contracts;
using Pipeline.TestSupport;
using Pipeline.TestSupport.Pipeline;

namespace Pipeline.Pipeline.Tests;

/// <summary>At-least-once delivery: duplicates and out-of-order snapshots never cause a second or a wrong Moodle write.</summary>
public sealed class DeliveryTests(EmulatorFixture emulators) : IClassFixture<EmulatorFixture>
{
    private static readonly DateTimeOffset T1 = new(2025, 3, 3, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task The_same_message_delivered_twice_in_one_batch_writes_once()
    {
        await using var stack = await PipelineStack.StartAsync(emulators, o => o.Prefix = "dup-batch");
        var runId = Messages.RunId("dup");
        var message = Messages.Changed(runId, Messages.Snapshot("501"), T1);
        await stack.SendAsync(message);
        await stack.SendAsync(message);
        await stack.StartConsumersAsync(1, new Dictionary<string, string?> { ["Consumer:Pollers"] = "1" });

        await WaitForEmptyQueueAsync(stack);

        Assert.Equal(1, await stack.MoodleUsersWrittenAsync());
        Assert.Single((await stack.MoodleUsersByIdNumberAsync()).Keys, "501");
        var outcome = Assert.Single(await stack.OutcomesAsync(runId));
        Assert.Equal(Outcome.Created, outcome.Outcome);
        Assert.Empty(await stack.DeadLettersAsync());
    }

    [Fact]
    public async Task A_message_arriving_while_a_stopping_worker_still_long_polls_is_visible_again_at_once_not_after_its_timeout()
    {
        await using var stack = await PipelineStack.StartAsync(emulators, o => o.Prefix = "stop-poll");
        var polls = 0;
        // The worker shares the stack's SQS client: count the receives it sends, to know when it is inside a long poll.
        ((AmazonServiceClient)stack.Sqs).BeforeRequestEvent += (_, e) =>
        {
            if (e is WebServiceRequestEventArgs { Request: ReceiveMessageRequest })
            {
                Interlocked.Increment(ref polls);
            }
        };
        var workers = await stack.StartConsumersAsync(1, new Dictionary<string, string?>
        {
            ["Consumer:Pollers"] = "1",
            ["Consumer:WaitTimeSeconds"] = "10",
            ["Consumer:VisibilityTimeoutSeconds"] = "120",
        });
        await Eventually.WaitAsync(() => Task.FromResult(Volatile.Read(ref polls)), n => n > 0, Waits.Settle, "the worker's first (empty) long poll");

        var stopping = workers[0].StopAsync();
        var lifetime = workers[0].Services.GetRequiredService<IHostApplicationLifetime>();
        await Eventually.WaitAsync(() => Task.FromResult(lifetime.ApplicationStopping.IsCancellationRequested), s => s, Waits.Settle, "the worker to be stopping");
        await stack.SendAsync(Messages.Changed(Messages.RunId("stop"), Messages.Snapshot("509"), T1));
        await stopping;

        // Had the stop dropped the poll's connection, the emulator (like SQS) would have handed the message to it and
        // left it invisible for 120 s; the worker lets the poll run out and hands the message back instead.
        Assert.Contains("handed 1 messages received during the last long poll back to the queue", stack.Logs.AllText, StringComparison.Ordinal);
        var received = await stack.ReceiveAsync(1, waitSeconds: 5);
        Assert.Single(received);
        Assert.Equal(0, await stack.MoodleUsersWrittenAsync());
    }

    [Fact]
    public async Task A_redelivery_after_the_first_was_applied_writes_nothing()
    {
        await using var stack = await PipelineStack.StartAsync(emulators, o => o.Prefix = "dup-later");
        await stack.StartConsumersAsync(1);
        var message = Messages.Changed(Messages.RunId("dup"), Messages.Snapshot("502"), T1);
        await stack.SendAsync(message);
        await WaitForOutcomeAsync(stack, message.RunId, "502");
        var written = await stack.MoodleUsersWrittenAsync();
        Assert.Equal(1, written);

        // The same snapshot again, in a later run (as the producer's overlap window republishes it).
        var again = message with { RunId = Messages.RunId("dup2") };
        await stack.SendAsync(again);
        var outcome = await WaitForOutcomeAsync(stack, again.RunId, "502");

        Assert.Equal(Outcome.Unchanged, outcome.Outcome);
        Assert.Equal(written, await stack.MoodleUsersWrittenAsync());
    }

    [Fact]
    public async Task An_older_snapshot_delivered_after_a_newer_one_is_stale_and_not_written()
    {
        await using var stack = await PipelineStack.StartAsync(emulators, o => o.Prefix = "stale");
        await stack.StartConsumersAsync(1);
        var newer = Messages.Changed(Messages.RunId("new"), Messages.Snapshot("503", department: "Research"), T1.AddHours(2));
        await stack.SendAsync(newer);
        await WaitForOutcomeAsync(stack, newer.RunId, "503");
        var written = await stack.MoodleUsersWrittenAsync();

        var older = Messages.Changed(Messages.RunId("old"), Messages.Snapshot("503", department: "Sales"), T1);
        await stack.SendAsync(older);
        var outcome = await WaitForOutcomeAsync(stack, older.RunId, "503");

        Assert.Equal(Outcome.Stale, outcome.Outcome);
        Assert.Equal(written, await stack.MoodleUsersWrittenAsync());
        Assert.Equal("Research", (await stack.MoodleUsersByIdNumberAsync())["503"].Department);
        Assert.Equal(T1.AddHours(2), (await stack.LedgerEntryAsync("503"))!.LastChanged);
    }

    internal static async Task<State.RecordedOutcome> WaitForOutcomeAsync(PipelineStack stack, string runId, string employeeId)
    {
        var outcome = await Eventually.WaitAsync(
            async () => (await stack.OutcomesAsync(runId)).SingleOrDefault(o => o.EmployeeId == employeeId),
            o => o is not null, Waits.Settle, $"the outcome of employee {employeeId} in run {runId}");
        return outcome!;
    }

    internal static Task WaitForEmptyQueueAsync(PipelineStack stack) =>
        Eventually.WaitAsync(() => stack.QueueCountsAsync(), c => c.IsEmpty, Waits.Settle, "an empty queue");
}
