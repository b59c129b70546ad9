using System.Text;
using Pipeline.Contracts;
using Pipeline.TestSupport;
using Pipeline.TestSupport.Pipeline;

namespace Pipeline.Pipeline.Tests;

/// <summary>Whatever lands on the queue, the consumer parks what it cannot use with a reason and never writes it to Moodle.</summary>
public sealed class HostileMessageTests(EmulatorFixture emulators) : IClassFixture<EmulatorFixture>
{
    private static readonly DateTimeOffset At = new(2025, 4, 1, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Each_hostile_message_is_parked_with_its_reason_code_and_a_near_limit_department_reaches_Moodle_cut_to_fit()
    {
        await using var stack = await PipelineStack.StartAsync(emulators, o => o.Prefix = "hostile-msg");
        var runId = Messages.RunId("hostile");
        var valid = EmployeeChangedCodec.Encode(Messages.Changed(runId, Messages.Snapshot("601"), At));
        var nearLimit = NearLimitBody(runId, "606");
        Assert.InRange(Encoding.UTF8.GetByteCount(nearLimit), EmployeeChangedCodec.MaxBodyBytes - 200, EmployeeChangedCodec.MaxBodyBytes);
        var overLimit = nearLimit.Replace("\"department\":\"", "\"department\":\"" + new string('y', 300), StringComparison.Ordinal)
            .Replace("\"606\"", "\"607\"", StringComparison.Ordinal);
        Assert.True(Encoding.UTF8.GetByteCount(overLimit) > EmployeeChangedCodec.MaxBodyBytes);

        var expected = new Dictionary<string, string>
        {
            ["601"] = "forged_attributes",
            ["602"] = "invalid_json",
            ["603"] = "unknown_version",
            ["604"] = "invalid_message",
            ["605"] = "invalid_json",
            ["607"] = "message_too_large",
        };
        await stack.SendRawAsync(valid, Attributes(runId, "601", ("failure_code", "transient_exhausted"), ("failure_message", "replay me")));
        await stack.SendRawAsync("this is not json {", Attributes(runId, "602"));
        await stack.SendRawAsync(valid.Replace("\"version\":1", "\"version\":2", StringComparison.Ordinal).Replace("601", "603", StringComparison.Ordinal), Attributes(runId, "603"));
        await stack.SendRawAsync($$"""{"schema":"pipeline.employee-changed","version":1,"runId":"{{runId}}","employeeId":"604"}""", Attributes(runId, "604"));
        await stack.SendRawAsync("[1,2,3]", Attributes(runId, "605"));
        await stack.SendRawAsync(nearLimit, Attributes(runId, "606"));
        await stack.SendRawAsync(overLimit, Attributes(runId, "607"));
        await stack.StartConsumersAsync(1);

        var parked = await Eventually.WaitAsync(() => stack.DeadLettersAsync(), l => l.Count >= expected.Count, Waits.Settle, "every hostile message in the DLQ");
        await DeliveryTests.WaitForEmptyQueueAsync(stack);

        var byEmployee = parked.ToDictionary(d => d.EmployeeId!);
        Assert.Equal(expected.Keys.Order(), byEmployee.Keys.Order());
        foreach (var (employee, code) in expected)
        {
            Assert.Equal(code, byEmployee[employee].Code);
            Assert.Equal(code, byEmployee[employee].Attributes[MessageAttributes.FailureCode]);
            Assert.False(string.IsNullOrWhiteSpace(byEmployee[employee].Message), $"employee {employee} is parked without a reason text");
        }

        // 606 decodes (it is under the size limit) and its ~256 KB department is cut to Moodle's 255 characters.
        Assert.Equal(1, await stack.MoodleUsersWrittenAsync());
        var created = Assert.Single(await stack.MoodleUsersByIdNumberAsync());
        Assert.Equal(("606", new string('x', 255)), (created.Key, created.Value.Department));
        var outcomes = (await stack.OutcomesAsync(runId)).ToDictionary(o => o.EmployeeId);
        Assert.Equal(Outcome.Created, outcomes["606"].Outcome);
        Assert.Contains("Moodle's department holds at most 255", Assert.Single(outcomes["606"].Warnings), StringComparison.Ordinal);
        Assert.All(outcomes.Values.Where(o => o.EmployeeId != "606"), o => Assert.Equal(Outcome.DeadLettered, o.Outcome));
    }

    [Fact]
    public async Task A_replay_dressed_message_keeps_its_forged_reason_out_of_the_DLQ_record()
    {
        await using var stack = await PipelineStack.StartAsync(emulators, o => o.Prefix = "hostile-forge");
        var runId = Messages.RunId("forge");
        var body = EmployeeChangedCodec.Encode(Messages.Changed(runId, Messages.Snapshot("611"), At));
        await stack.SendRawAsync(body, Attributes(runId, "611", ("failure_code", "missing_email"), ("failed_at", "2020-01-01T00:00:00Z")));
        await stack.StartConsumersAsync(1);

        var parked = await Eventually.WaitAsync(() => stack.DeadLettersAsync(), l => l.Count >= 1, Waits.Settle, "the forged message in the DLQ");

        var letter = Assert.Single(parked);
        Assert.Equal("forged_attributes", letter.Code);
        Assert.NotEqual("2020-01-01T00:00:00Z", letter.Attributes[MessageAttributes.FailedAt]);
        Assert.Null(await stack.MoodleUserAsync("611"));
    }

    private static string NearLimitBody(string runId, string id)
    {
        var baseline = EmployeeChangedCodec.Encode(Messages.Changed(runId, Messages.Snapshot(id, department: ""), At));
        var room = EmployeeChangedCodec.MaxBodyBytes - Encoding.UTF8.GetByteCount(baseline) - 50;
        return EmployeeChangedCodec.Encode(Messages.Changed(runId, Messages.Snapshot(id, department: new string('x', room)), At));
    }

    private static Dictionary<string, string> Attributes(string runId, string employeeId, params (string Name, string Value)[] extra)
    {
        var attributes = new Dictionary<string, string>
        {
            [MessageAttributes.RunId] = runId,
            [MessageAttributes.EmployeeId] = employeeId,
        };
        foreach (var (name, value) in extra)
        {
            attributes[name] = value;
        }

        return attributes;
    }
}
