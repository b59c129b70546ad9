using Amazon.SQS.Model;
using Pipeline.Contracts;
using Pipeline.TestSupport;

namespace Pipeline.Queue.Tests;

public sealed class DeadLetterQueueTests(EmulatorFixture emulators) : IClassFixture<EmulatorFixture>
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task Parked_message_is_seen_by_peek_with_its_reason_and_stays_in_the_DLQ()
    {
        var bed = await QueueTestBed.CreateAsync(emulators, "park");
        var original = Messages.For("e-7", "run-9");
        var before = DateTimeOffset.UtcNow.AddSeconds(-1);

        await bed.DeadLetters.ParkAsync(original.Body, original.Attributes, new DeadLetterReason("moodle_rejected", "invalid email", "e-7", "run-9", 3), None);

        var first = await bed.DeadLetters.PeekAsync(100, None);
        var letter = Assert.Single(first);
        Assert.Equal(("moodle_rejected", "invalid email", (int?)3), (letter.Code, letter.Message, letter.Attempts));
        Assert.Equal(("e-7", "run-9"), (letter.EmployeeId, letter.RunId));
        Assert.Equal(original.Body, letter.Body);
        Assert.Equal(original.Attributes[MessageAttributes.TraceParent], letter.Attributes[MessageAttributes.TraceParent]);
        Assert.InRange(letter.FailedAt!.Value, before, DateTimeOffset.UtcNow.AddSeconds(1));
        Assert.NotNull(letter.SentAt);
        Assert.True(letter.ReceiveCount >= 1);

        var second = await bed.DeadLetters.PeekAsync(100, None);
        Assert.Equal(first.Select(l => l.MessageId), second.Select(l => l.MessageId));
        Assert.Equal(new QueueCounts(1, 0, 0), await bed.Depth.GetCountsAsync(bed.DlqUrl, None));
    }

    [Fact]
    public async Task Peek_twice_gives_the_same_set_and_respects_max()
    {
        var bed = await QueueTestBed.CreateAsync(emulators, "peekmany");
        for (var i = 0; i < 23; i++)
        {
            var m = Messages.For($"e{i}");
            await bed.DeadLetters.ParkAsync(m.Body, m.Attributes, new DeadLetterReason("bad_data", "x", m.Id, "run-1", 1), None);
        }

        var all1 = await bed.DeadLetters.PeekAsync(1000, None);
        var all2 = await bed.DeadLetters.PeekAsync(1000, None);
        var some = await bed.DeadLetters.PeekAsync(7, None);

        Assert.Equal(23, all1.Count);
        Assert.Equal(all1.Select(l => l.MessageId).Order(), all2.Select(l => l.MessageId).Order());
        Assert.Equal(7, some.Count);
        Assert.Equal(23, await bed.VisibleAsync(bed.DlqUrl));
    }

    [Fact]
    public async Task A_long_failure_message_with_control_characters_is_cleaned_and_truncated_not_refused()
    {
        var bed = await QueueTestBed.CreateAsync(emulators, "parklong");
        var reason = new DeadLetterReason("http_500", "bad\u0001" + new string('x', 5000), null, null, 5);

        await bed.DeadLetters.ParkAsync("{}", new Dictionary<string, string>(), reason, None);

        var letter = Assert.Single(await bed.DeadLetters.PeekAsync(10, None));
        Assert.Equal(FailureText.MaxLength, letter.Message!.Length);
        Assert.StartsWith("badxxx", letter.Message, StringComparison.Ordinal);
        Assert.EndsWith("…", letter.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_message_redriven_after_max_receives_is_reported_as_redrive_max_receives()
    {
        var bed = await QueueTestBed.CreateAsync(emulators, "redrive", maxReceiveCount: 1);
        await bed.Publisher.PublishAsync([Messages.For("e-crash", "run-3")], None);
        var got = await bed.Sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = bed.QueueUrl, VisibilityTimeout = 30 });
        var message = Assert.Single(got.Messages!);
        // A crashed consumer never deletes; its visibility runs out. Zero makes that immediate.
        await bed.Sqs.ChangeMessageVisibilityAsync(bed.QueueUrl, message.ReceiptHandle, 0);
        var again = await bed.Sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = bed.QueueUrl });
        Assert.Empty(again.Messages ?? []);

        var letter = Assert.Single(await bed.DeadLetters.PeekAsync(10, None));

        Assert.Equal(DeadLetterCodes.RedriveMaxReceives, letter.Code);
        Assert.Equal(("e-crash", "run-3"), (letter.EmployeeId, letter.RunId));
        Assert.Null(letter.Message);
        Assert.Null(letter.Attempts);
    }

    [Fact]
    public async Task Replay_by_employee_id_moves_only_those_messages_with_original_body_and_attributes_plus_replayed_at()
    {
        var bed = await QueueTestBed.CreateAsync(emulators, "replayemp");
        var originals = await ParkAsync(bed, ("e1", "bad_data"), ("e2", "bad_data"), ("e3", "http_500"));
        var before = DateTimeOffset.UtcNow.AddSeconds(-1);

        var result = await bed.DeadLetters.ReplayAsync(new ReplayFilter(["e1", "e3"], null, null), dryRun: false, None);

        Assert.Equal((3, 2, 2), (result.Examined, result.Selected, result.Replayed));
        Assert.Equal(["e1", "e3"], result.Messages.Select(m => m.EmployeeId!).Order());
        var onMain = await bed.DrainAsync(bed.QueueUrl);
        Assert.Equal(2, onMain.Count);
        foreach (var replayed in onMain)
        {
            var attributes = QueueTestBed.Attributes(replayed);
            var original = originals[attributes[MessageAttributes.EmployeeId]];
            Assert.Equal(original.Body, replayed.Body);
            Assert.DoesNotContain(attributes.Keys, k => k.StartsWith("fail", StringComparison.Ordinal));
            var replayedAt = DateTimeOffset.Parse(attributes[MessageAttributes.ReplayedAt], System.Globalization.CultureInfo.InvariantCulture);
            Assert.InRange(replayedAt, before, DateTimeOffset.UtcNow.AddSeconds(1));
            attributes.Remove(MessageAttributes.ReplayedAt);
            Assert.Equal(original.Attributes.OrderBy(a => a.Key), attributes.OrderBy(a => a.Key));
        }

        var left = Assert.Single(await bed.DeadLetters.PeekAsync(10, None));
        Assert.Equal("e2", left.EmployeeId);
    }

    [Fact]
    public async Task Replay_by_reason_code_moves_only_messages_with_that_code_including_redriven_ones()
    {
        var bed = await QueueTestBed.CreateAsync(emulators, "replayreason");
        await ParkAsync(bed, ("e1", "bad_data"), ("e2", "http_500"), ("e3", "http_500"));
        await bed.Sqs.SendMessageAsync(new SendMessageRequest
        {
            QueueUrl = bed.DlqUrl,
            MessageBody = "{}",
            MessageAttributes = new() { [MessageAttributes.EmployeeId] = new MessageAttributeValue { DataType = "String", StringValue = "e4" } },
        });

        var http = await bed.DeadLetters.ReplayAsync(new ReplayFilter([], "http_500", null), dryRun: false, None);
        var redriven = await bed.DeadLetters.ReplayAsync(new ReplayFilter([], DeadLetterCodes.RedriveMaxReceives, null), dryRun: false, None);

        Assert.Equal((4, 2, 2), (http.Examined, http.Selected, http.Replayed));
        Assert.Equal(["e2", "e3"], http.Messages.Select(m => m.EmployeeId!).Order());
        Assert.Equal("e4", Assert.Single(redriven.Messages).EmployeeId);
        Assert.Equal(3, await bed.VisibleAsync(bed.QueueUrl));
        Assert.Equal("e1", Assert.Single(await bed.DeadLetters.PeekAsync(10, None)).EmployeeId);
    }

    [Fact]
    public async Task Replay_with_max_moves_at_most_that_many()
    {
        var bed = await QueueTestBed.CreateAsync(emulators, "replaymax");
        await ParkAsync(bed, [.. Enumerable.Range(1, 15).Select(i => ($"e{i}", "bad_data"))]);

        var result = await bed.DeadLetters.ReplayAsync(new ReplayFilter([], null, 4), dryRun: false, None);

        Assert.Equal((4, 4), (result.Selected, result.Replayed));
        Assert.Equal(4, result.Messages.Count);
        Assert.Equal(4, await bed.VisibleAsync(bed.QueueUrl));
        Assert.Equal(11, (await bed.DeadLetters.PeekAsync(100, None)).Count);
    }

    [Fact]
    public async Task Dry_run_reports_the_selection_and_changes_nothing()
    {
        var bed = await QueueTestBed.CreateAsync(emulators, "replaydry");
        await ParkAsync(bed, ("e1", "bad_data"), ("e2", "http_500"), ("e3", "http_500"));
        var before = (await bed.DeadLetters.PeekAsync(100, None)).Select(l => l.MessageId).Order().ToList();

        var result = await bed.DeadLetters.ReplayAsync(new ReplayFilter([], "http_500", null), dryRun: true, None);

        Assert.Equal((3, 2, 0), (result.Examined, result.Selected, result.Replayed));
        Assert.Equal(["e2", "e3"], result.Messages.Select(m => m.EmployeeId!).Order());
        Assert.True((await bed.Depth.GetCountsAsync(bed.QueueUrl, None)).IsEmpty);
        Assert.Equal(new QueueCounts(3, 0, 0), await bed.Depth.GetCountsAsync(bed.DlqUrl, None));
        Assert.Equal(before, (await bed.DeadLetters.PeekAsync(100, None)).Select(l => l.MessageId).Order());
    }

    [Fact]
    public async Task Replay_to_a_main_queue_that_does_not_exist_fails_loudly_and_leaves_the_DLQ_intact()
    {
        var bed = await QueueTestBed.CreateAsync(emulators, "replaymissing", configure: o => o.QueueUrl += "-missing");
        await ParkAsync(bed, ("e1", "bad_data"), ("e2", "bad_data"));

        var error = await Assert.ThrowsAsync<QueueAccessException>(() => bed.DeadLetters.ReplayAsync(ReplayFilter.All, dryRun: false, None));

        Assert.Contains("Queue__QueueUrl", error.Message, StringComparison.Ordinal);
        Assert.Equal(new QueueCounts(2, 0, 0), await bed.Depth.GetCountsAsync(bed.DlqUrl, None));
    }

    private static async Task<Dictionary<string, OutgoingMessage>> ParkAsync(QueueTestBed bed, params (string EmployeeId, string Code)[] letters)
    {
        var originals = new Dictionary<string, OutgoingMessage>();
        foreach (var (employeeId, code) in letters)
        {
            var original = Messages.For(employeeId);
            originals[employeeId] = original;
            await bed.DeadLetters.ParkAsync(original.Body, original.Attributes, new DeadLetterReason(code, "failed", employeeId, "run-1", 2), None);
        }

        return originals;
    }
}
