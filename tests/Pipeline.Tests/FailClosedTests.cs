using Amazon.SQS.Model;
using Microsoft.Extensions.DependencyInjection;
using Pipeline.Consumer.Handling;
using Pipeline.Consumer.Lambda;
using Pipeline.Contracts;
using Pipeline.TestSupport;
using Pipeline.TestSupport.Pipeline;

namespace Pipeline.Pipeline.Tests;

/// <summary>
/// Fail closed, on the emulator queue: a message is failed until the handler settles it Done. A handler that settles
/// nothing, or throws, gets every unsettled message retried by both hosts, never acknowledged.
/// </summary>
public sealed class FailClosedTests(EmulatorFixture emulators) : IClassFixture<EmulatorFixture>
{
    private static readonly DateTimeOffset At = new(2025, 7, 1, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task The_lambda_host_reports_every_message_a_handler_left_unsettled_and_they_come_back()
    {
        await using var stack = await PipelineStack.StartAsync(emulators, o => o.Prefix = "closed-lambda");
        await SendAsync(stack, "901", "902", "903");
        var handler = new SettlesNothingHandler();
        var lambda = new LambdaEntryPoint((await stack.StartLambdaServicesAsync(configure: b => b.Services.AddSingleton<IBatchHandler>(handler))).Services);

        var received = await stack.ReceiveAsync(3);
        Assert.Equal(3, received.Count);
        await using var response = await lambda.HandleAsync(SqsEvents.From(received, await QueueArnAsync(stack), EmulatorFixture.Region));

        Assert.Equal(received.Select(m => m.MessageId).Order(), SqsEvents.FailedIds(response).Order());
        Assert.Equal(1, handler.Batches);
        // Pushed back by the default backoff (Retry:Redelivery:BaseDelay, 1 s here), not left for the visibility timeout.
        var back = await ReceiveAllAsync(stack, 3);
        Assert.Equal(received.Select(m => m.MessageId).Order(), back.Select(m => m.MessageId).Order());
        Assert.All(back, m => Assert.Equal("2", m.Attributes["ApproximateReceiveCount"]));
        Assert.Empty(await stack.DeadLettersAsync());
    }

    [Fact]
    public async Task The_lambda_host_reports_all_but_what_a_throwing_handler_had_settled()
    {
        await using var stack = await PipelineStack.StartAsync(emulators, o => o.Prefix = "closed-lambda-throw");
        await SendAsync(stack, "911", "912", "913");
        var handler = new SettlesOneThenThrowsHandler("911");
        var lambda = new LambdaEntryPoint((await stack.StartLambdaServicesAsync(configure: b => b.Services.AddSingleton<IBatchHandler>(handler))).Services);

        var received = await stack.ReceiveAsync(3);
        Assert.Equal(3, received.Count);
        await using var response = await lambda.HandleAsync(SqsEvents.From(received, await QueueArnAsync(stack), EmulatorFixture.Region));

        var expected = received.Where(m => m.MessageAttributes[MessageAttributes.EmployeeId].StringValue != "911").Select(m => m.MessageId).Order();
        Assert.Equal(expected, SqsEvents.FailedIds(response).Order());
    }

    [Fact]
    public async Task The_lambda_host_stops_the_work_when_its_invocation_budget_is_spent_and_reports_what_is_unsettled()
    {
        await using var stack = await PipelineStack.StartAsync(emulators, o => o.Prefix = "closed-lambda-budget");
        await SendAsync(stack, "941", "942");
        var handler = new SettlesOneThenHangsHandler("941");
        var services = await stack.StartLambdaServicesAsync(
            new Dictionary<string, string?> { ["Consumer:InvocationBudget"] = "00:00:01" },
            b => b.Services.AddSingleton<IBatchHandler>(handler));
        var lambda = new LambdaEntryPoint(services.Services);

        var received = await stack.ReceiveAsync(2);
        Assert.Equal(2, received.Count);
        await using var response = await lambda.HandleAsync(SqsEvents.From(received, await QueueArnAsync(stack), EmulatorFixture.Region));

        Assert.True(handler.Cancelled, "the handler ran to the end instead of being stopped by the budget");
        var expected = received.Single(m => m.MessageAttributes[MessageAttributes.EmployeeId].StringValue == "942").MessageId;
        Assert.Equal([expected], SqsEvents.FailedIds(response));
        Assert.Contains("invocation budget (00:00:01) ran out with 1 messages unsettled", stack.Logs.AllText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_worker_deletes_nothing_a_handler_left_unsettled_and_the_messages_come_back()
    {
        await using var stack = await PipelineStack.StartAsync(emulators, o => o.Prefix = "closed-worker");
        await SendAsync(stack, "921", "922", "923");
        var handler = new SettlesNothingHandler();
        var workers = await stack.StartConsumersAsync(1, new Dictionary<string, string?> { ["Consumer:Pollers"] = "1" },
            b => b.Services.AddSingleton<IBatchHandler>(handler));

        await Eventually.WaitAsync(() => Task.FromResult(handler.Seen), seen => new[] { "921", "922", "923" }.All(id => handler.TimesSeen(id) >= 2),
            Waits.Settle, "every message handed to the handler a second time");
        await workers[0].StopAsync();

        Assert.Contains(handler.Seen, m => m.ReceiveCount >= 2);
        var counts = await stack.QueueCountsAsync();
        Assert.Equal(3, counts.Visible + counts.InFlight + counts.Delayed);
        Assert.Empty(await stack.DeadLettersAsync());
    }

    [Fact]
    public async Task The_worker_deletes_only_what_a_throwing_handler_had_settled()
    {
        await using var stack = await PipelineStack.StartAsync(emulators, o => o.Prefix = "closed-worker-throw");
        await SendAsync(stack, "931", "932", "933");
        var handler = new SettlesOneThenThrowsHandler("931");
        var workers = await stack.StartConsumersAsync(1, new Dictionary<string, string?> { ["Consumer:Pollers"] = "1" },
            b => b.Services.AddSingleton<IBatchHandler>(handler));

        await Eventually.WaitAsync(() => Task.FromResult(handler.Seen), seen => handler.TimesSeen("932") >= 2 && handler.TimesSeen("933") >= 2,
            Waits.Settle, "the unsettled messages handed to the handler a second time");
        await workers[0].StopAsync();

        Assert.Equal(1, handler.TimesSeen("931"));
        var counts = await stack.QueueCountsAsync();
        Assert.Equal(2, counts.Visible + counts.InFlight + counts.Delayed);
    }

    private static async Task SendAsync(PipelineStack stack, params string[] ids)
    {
        var runId = Messages.RunId("closed");
        foreach (var id in ids)
        {
            await stack.SendAsync(Messages.Changed(runId, Messages.Snapshot(id), At));
        }
    }

    /// <summary>Receives until <paramref name="count"/> distinct messages came (each hidden for a minute once received).</summary>
    private static async Task<List<Message>> ReceiveAllAsync(PipelineStack stack, int count)
    {
        var received = new Dictionary<string, Message>(StringComparer.Ordinal);
        await Eventually.WaitAsync(async () =>
        {
            foreach (var m in await stack.ReceiveAsync(count, visibilityTimeoutSeconds: 60, waitSeconds: 1))
            {
                received[m.MessageId] = m;
            }

            return received.Count;
        }, n => n >= count, Waits.Settle, $"{count} messages back on the queue");
        return [.. received.Values];
    }

    private static async Task<string> QueueArnAsync(PipelineStack stack)
    {
        var attributes = await stack.Sqs.GetQueueAttributesAsync(new GetQueueAttributesRequest { QueueUrl = stack.QueueUrl, AttributeNames = ["QueueArn"] });
        return attributes.Attributes["QueueArn"];
    }
}
