using Microsoft.Extensions.Logging;
using Pipeline.Contracts;
using Pipeline.TestSupport;
using Pipeline.TestSupport.Pipeline;

namespace Pipeline.Queue.Tests;

public sealed class PublisherTests(EmulatorFixture emulators) : IClassFixture<EmulatorFixture>
{
    [Fact]
    public async Task Publishing_25_messages_puts_25_on_the_queue_with_body_and_attributes_intact()
    {
        var bed = await QueueTestBed.CreateAsync(emulators, "pub25");
        var messages = Messages.Many(25, runId: "run-25");

        var result = await bed.Publisher.PublishAsync(messages, CancellationToken.None);

        Assert.Equal(25, result.Published);
        Assert.Empty(result.Failures);
        var received = await bed.DrainAsync(bed.QueueUrl);
        Assert.Equal(25, received.Count);
        var byEmployee = received.ToDictionary(m => QueueTestBed.Attributes(m)[MessageAttributes.EmployeeId]);
        foreach (var sent in messages)
        {
            var got = byEmployee[sent.Id];
            Assert.Equal(sent.Body, got.Body);
            Assert.Equal(sent.Attributes.OrderBy(a => a.Key), QueueTestBed.Attributes(got).OrderBy(a => a.Key));
        }
    }

    [Fact]
    public async Task Publishing_2000_messages_puts_2000_on_the_queue_plus_only_the_resends_it_reports()
    {
        // SDK retries off: a resend the SDK made on its own would be invisible to the count checked here.
        using var logs = new CapturedLogs();
        using var factory = LoggerFactory.Create(b => b.AddProvider(logs));
        var bed = await QueueTestBed.CreateAsync(emulators, "pub2000", sqs: FaultInjectingSqs.WithoutSdkRetries(emulators), logs: factory);

        var result = await bed.Publisher.PublishAsync(Messages.Many(2000), CancellationToken.None);

        Assert.True(result.Published == 2000 && result.Failures.Count == 0, $"published {result.Published}, {result.Failures.Count} failures; log:\n{logs.AllText}");
        var counts = await bed.Depth.GetCountsAsync(bed.QueueUrl, CancellationToken.None);
        Assert.True(
            counts == new QueueCounts(2000 + result.PossibleDuplicates, 0, 0),
            $"queue {counts}, possible duplicates reported {result.PossibleDuplicates}; log:\n{logs.AllText}");
    }

    [Fact]
    public async Task An_answer_that_fails_its_MD5_check_is_resent_whole_and_counted_as_possible_duplicates_not_split_with_faults_injected_in_the_HTTP_pipeline()
    {
        using var injector = new AnswerCorruptingHandler(corruptTimes: 1);
        var bed = await QueueTestBed.CreateAsync(emulators, "pubmd5", sqs: FaultInjectingSqs.Create(emulators, injector));

        var result = await bed.Publisher.PublishAsync(Messages.Many(10), CancellationToken.None);

        Assert.Equal((10, 0, 10), (result.Published, result.Failures.Count, result.PossibleDuplicates));
        Assert.Equal(2, injector.BatchCalls); // the corrupted one and one resend of all 10, never ten single sends
        var received = await bed.DrainAsync(bed.QueueUrl);
        Assert.Equal(20, received.Count);
        Assert.All(received.GroupBy(m => QueueTestBed.Attributes(m)[MessageAttributes.EmployeeId]), g => Assert.Equal(2, g.Count()));
    }

    [Fact]
    public async Task An_entry_SQS_rejects_is_reported_as_a_failure_by_id_and_its_neighbours_are_published()
    {
        var bed = await QueueTestBed.CreateAsync(emulators, "pubbad", publishAttempts: 2);
        var messages = Messages.Many(12);
        messages[4] = messages[4] with { Body = "control character \u0001 is not allowed by SQS" };

        var result = await bed.Publisher.PublishAsync(messages, CancellationToken.None);

        Assert.Equal(11, result.Published);
        var failure = Assert.Single(result.Failures);
        Assert.Equal("5", failure.Id);
        Assert.Equal("InvalidMessageContents", failure.Code);
        Assert.Equal(11, await bed.VisibleAsync(bed.QueueUrl));
    }

    [Fact]
    public async Task An_entry_failed_transiently_is_retried_and_published_once_with_faults_injected_in_the_HTTP_pipeline()
    {
        using var injector = new EntryFaultInjector(employeeId: "4", failTimes: 2, code: "InternalError");
        var bed = await QueueTestBed.CreateAsync(emulators, "pubretry", sqs: FaultInjectingSqs.Create(emulators, injector));

        var result = await bed.Publisher.PublishAsync(Messages.Many(10), CancellationToken.None);

        Assert.Equal(10, result.Published);
        Assert.Empty(result.Failures);
        Assert.Equal(2, injector.Injected);
        var received = await bed.DrainAsync(bed.QueueUrl);
        Assert.Equal(
            Enumerable.Range(1, 10).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).Order(),
            received.Select(m => QueueTestBed.Attributes(m)[MessageAttributes.EmployeeId]).Order());
    }

    [Fact]
    public async Task An_entry_that_keeps_failing_transiently_is_reported_after_the_Retry_Sqs_attempts_with_faults_injected_in_the_HTTP_pipeline()
    {
        using var injector = new EntryFaultInjector(employeeId: "1", failTimes: int.MaxValue, code: "ServiceUnavailable");
        var bed = await QueueTestBed.CreateAsync(emulators, "pubgiveup", sqs: FaultInjectingSqs.Create(emulators, injector), publishAttempts: 3);

        var result = await bed.Publisher.PublishAsync(Messages.Many(3), CancellationToken.None);

        Assert.Equal(2, result.Published);
        var failure = Assert.Single(result.Failures);
        Assert.Equal(("1", "ServiceUnavailable"), (failure.Id, failure.Code));
        Assert.Equal(3, injector.Injected);
    }

    [Fact]
    public async Task A_queue_that_does_not_exist_fails_loudly_naming_the_config_key()
    {
        var bed = await QueueTestBed.CreateAsync(emulators, "pubmissing", configure: o => o.QueueUrl += "-missing");

        var error = await Assert.ThrowsAsync<QueueAccessException>(() => bed.Publisher.PublishAsync(Messages.Many(35), CancellationToken.None));

        Assert.Contains("Queue__QueueUrl", error.Message, StringComparison.Ordinal);
        Assert.Contains("does not exist", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_cancelled_publish_throws_instead_of_reporting_success()
    {
        var bed = await QueueTestBed.CreateAsync(emulators, "pubcancel");
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => bed.Publisher.PublishAsync(Messages.Many(50), cts.Token));
    }

    [Fact]
    public async Task Publishing_nothing_sends_nothing()
    {
        var bed = await QueueTestBed.CreateAsync(emulators, "pubnone");

        var result = await bed.Publisher.PublishAsync([], CancellationToken.None);

        Assert.Equal(new PublishResult(0, []).Published, result.Published);
        Assert.Empty(result.Failures);
        Assert.True((await bed.Depth.GetCountsAsync(bed.QueueUrl, CancellationToken.None)).IsEmpty);
    }
}
