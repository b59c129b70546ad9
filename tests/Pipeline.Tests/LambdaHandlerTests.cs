using Amazon.SQS.Model;
using Pipeline.Consumer.Lambda;
using Pipeline.Contracts;
using Pipeline.Sandbox.Moodle;
using Pipeline.TestSupport;
using Pipeline.TestSupport.Pipeline;

namespace Pipeline.Pipeline.Tests;

/// <summary>The Lambda handler, fed AWS-shaped SQS events of messages really received from the emulator queue.</summary>
public sealed class LambdaHandlerTests(EmulatorFixture emulators) : IClassFixture<EmulatorFixture>
{
    private static readonly DateTimeOffset At = new(2025, 5, 5, 7, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_healthy_batch_answers_no_failures_and_parks_poison_without_listing_it()
    {
        await using var stack = await PipelineStack.StartAsync(emulators, o => o.Prefix = "lambda-ok");
        var runId = Messages.RunId("lambda");
        await stack.SendAsync(Messages.Changed(runId, Messages.Snapshot("701"), At));
        await stack.SendAsync(Messages.Changed(runId, Messages.Snapshot("702"), At));
        await stack.SendRawAsync("{not json", new Dictionary<string, string> { [MessageAttributes.RunId] = runId, [MessageAttributes.EmployeeId] = "703" });
        var handler = new LambdaEntryPoint((await stack.StartLambdaServicesAsync()).Services);

        var received = await stack.ReceiveAsync(3);
        Assert.Equal(3, received.Count);
        await using var response = await handler.HandleAsync(SqsEvents.From(received, await QueueArnAsync(stack), EmulatorFixture.Region));

        Assert.Empty(SqsEvents.FailedIds(response));
        var users = await stack.MoodleUsersByIdNumberAsync();
        Assert.Contains("701", users.Keys);
        Assert.Contains("702", users.Keys);
        var parked = Assert.Single(await stack.DeadLettersAsync());
        Assert.Equal("invalid_json", parked.Code);
        Assert.Equal("703", parked.EmployeeId);
    }

    [Fact]
    public async Task When_Moodle_fails_transiently_exactly_the_affected_messages_are_listed_and_poison_is_not()
    {
        await using var stack = await PipelineStack.StartAsync(emulators, o => o.Prefix = "lambda-5xx");
        var runId = Messages.RunId("lambda");
        await stack.SendAsync(Messages.Changed(runId, Messages.Snapshot("711"), At));
        await stack.SendAsync(Messages.Changed(runId, Messages.Snapshot("712"), At));
        await stack.SendRawAsync("{\"schema\":\"pipeline.employee-changed\",\"version\":9}",
            new Dictionary<string, string> { [MessageAttributes.RunId] = runId, [MessageAttributes.EmployeeId] = "713" });
        var handler = new LambdaEntryPoint((await stack.StartLambdaServicesAsync()).Services);
        await stack.SetMoodleFaultsAsync(new MoodleFaultSettings { Http500Rate = 1.0 });

        var received = await stack.ReceiveAsync(3);
        Assert.Equal(3, received.Count);
        await using var response = await handler.HandleAsync(SqsEvents.From(received, await QueueArnAsync(stack), EmulatorFixture.Region));

        var expected = received.Where(m => Employee(m) is "711" or "712").Select(m => m.MessageId).Order().ToList();
        Assert.Equal(expected, SqsEvents.FailedIds(response).Order().ToList());
        var parked = Assert.Single(await stack.DeadLettersAsync());
        Assert.Equal("unknown_version", parked.Code);
        Assert.Equal("713", parked.EmployeeId);
        Assert.Equal(0, await stack.MoodleUsersWrittenAsync());
        Assert.True((await stack.MoodleStatsAsync()).Faults.Values.Sum() > 0, "the sandbox injected no fault, so this test proves nothing");

        // Once Moodle recovers, the listed messages come back (after their retry delay) and apply.
        await stack.SetMoodleFaultsAsync(new MoodleFaultSettings());
        var again = await Eventually.WaitAsync(() => stack.ReceiveAsync(2, waitSeconds: 1), l => l.Count == 2, Waits.Settle, "the two retried messages back on the queue");
        await using var second = await handler.HandleAsync(SqsEvents.From(again, await QueueArnAsync(stack), EmulatorFixture.Region));
        Assert.Empty(SqsEvents.FailedIds(second));
        Assert.Equal(2, await stack.MoodleUsersWrittenAsync());
    }

    private static string? Employee(Message m) =>
        m.MessageAttributes.TryGetValue(MessageAttributes.EmployeeId, out var v) ? v.StringValue : null;

    private static async Task<string> QueueArnAsync(PipelineStack stack)
    {
        var attributes = await stack.Sqs.GetQueueAttributesAsync(new GetQueueAttributesRequest { QueueUrl = stack.QueueUrl, AttributeNames = ["QueueArn"] });
        return attributes.Attributes["QueueArn"];
    }
}
