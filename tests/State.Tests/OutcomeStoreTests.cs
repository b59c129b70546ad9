using Amazon.DynamoDBv2.Model;
using Pipeline.Contracts;
using Pipeline.TestSupport;

namespace Pipeline.State.Tests;

public sealed class OutcomeStoreTests(EmulatorFixture emulators) : IClassFixture<EmulatorFixture>
{
    [Fact]
    public async Task An_outcome_is_recorded_once_and_a_duplicate_does_not_count_twice()
    {
        using var bed = await StateTestBed.CreateAsync(emulators, "outcome-once");

        Assert.True(await bed.Outcomes.TryRecordAsync("run-a", "101", Outcome.Created, null, default));
        bed.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.False(await bed.Outcomes.TryRecordAsync("run-a", "101", Outcome.Updated, "redelivered", default));

        var counts = await bed.Outcomes.CountAsync("run-a", default);
        Assert.Equal(1, counts[Outcome.Created]);
        Assert.Equal(0, counts[Outcome.Updated]);
        var recorded = Assert.Single(await bed.Outcomes.ListAsync("run-a", default));
        Assert.Equal(new RecordedOutcome("101", Outcome.Created, null, bed.Clock.GetUtcNow() - TimeSpan.FromMinutes(1)), recorded);
    }

    [Fact]
    public async Task Counts_cover_every_outcome_and_only_the_given_run()
    {
        using var bed = await StateTestBed.CreateAsync(emulators, "outcome-count");
        var plan = new (string Employee, Outcome Outcome)[]
        {
            ("1", Outcome.Created), ("2", Outcome.Created), ("3", Outcome.Updated), ("4", Outcome.Suspended),
            ("5", Outcome.Unchanged), ("6", Outcome.Stale), ("7", Outcome.DeadLettered), ("8", Outcome.Created),
        };
        await Task.WhenAll(plan.Select(p => bed.Outcomes.TryRecordAsync("run-a", p.Employee, p.Outcome, null, default)));
        await bed.Outcomes.TryRecordAsync("run-b", "1", Outcome.Updated, null, default);
        // "run-a1" shares the prefix "RUN#run-a" textually; its outcomes must not leak into run-a's.
        await bed.Outcomes.TryRecordAsync("run-a1", "9", Outcome.Updated, null, default);

        var counts = await bed.Outcomes.CountAsync("run-a", default);

        Assert.Equal(Enum.GetValues<Outcome>().Length, counts.ByOutcome.Count);
        Assert.Equal(3, counts[Outcome.Created]);
        Assert.Equal(1, counts[Outcome.Updated]);
        Assert.Equal(1, counts[Outcome.Suspended]);
        Assert.Equal(0, counts[Outcome.Reactivated]);
        Assert.Equal(1, counts[Outcome.Unchanged]);
        Assert.Equal(1, counts[Outcome.Stale]);
        Assert.Equal(1, counts[Outcome.DeadLettered]);
    }

    [Fact]
    public async Task Drift_corrected_outcomes_are_marked_listed_and_counted_for_their_run_only()
    {
        using var bed = await StateTestBed.CreateAsync(emulators, "outcome-drift");
        await bed.Outcomes.TryRecordAsync("run-a", "1", Outcome.Updated, null, driftCorrected: true, default);
        await bed.Outcomes.TryRecordAsync("run-a", "2", Outcome.Reactivated, null, driftCorrected: true, default);
        await bed.Outcomes.TryRecordAsync("run-a", "3", Outcome.Updated, null, default);
        await bed.Outcomes.TryRecordAsync("run-a", "4", Outcome.Unchanged, null, driftCorrected: false, default);
        await bed.Outcomes.TryRecordAsync("run-b", "1", Outcome.Updated, null, driftCorrected: true, default);
        // A redelivery's second record changes nothing, the flag included.
        Assert.False(await bed.Outcomes.TryRecordAsync("run-a", "3", Outcome.Updated, null, driftCorrected: true, default));

        Assert.Equal(2, await bed.Outcomes.CountDriftCorrectedAsync("run-a", default));
        Assert.Equal(1, await bed.Outcomes.CountDriftCorrectedAsync("run-b", default));
        Assert.Equal(0, await bed.Outcomes.CountDriftCorrectedAsync("run-c", default));
        var listed = await bed.Outcomes.ListAsync("run-a", default);
        Assert.Equal([true, true, false, false], listed.Select(o => o.DriftCorrected));
        Assert.Equal(2, (await bed.Outcomes.CountAsync("run-a", default))[Outcome.Updated]);
    }

    [Fact]
    public async Task Listing_returns_each_employee_with_its_detail()
    {
        using var bed = await StateTestBed.CreateAsync(emulators, "outcome-list");
        await bed.Outcomes.TryRecordAsync("run-a", "7", Outcome.DeadLettered, "moodle_invalid_parameter", default);
        await bed.Outcomes.TryRecordAsync("run-a", "3", Outcome.Unchanged, null, default);

        var listed = await bed.Outcomes.ListAsync("run-a", default);

        Assert.Equal(["3", "7"], listed.Select(o => o.EmployeeId));
        Assert.Equal("moodle_invalid_parameter", listed[1].Detail);
        Assert.Equal(Outcome.DeadLettered, listed[1].Outcome);
    }

    [Fact]
    public async Task Warnings_are_kept_with_the_outcome_and_employees_with_warnings_are_counted()
    {
        using var bed = await StateTestBed.CreateAsync(emulators, "outcome-warn");
        string[] two = ["Employee 1: Department is 300 characters; ...", "Employee 1: Country is not a country name ..."];
        await bed.Outcomes.TryRecordAsync("run-a", "1", Outcome.Created, null, two, default);
        await bed.Outcomes.TryRecordAsync("run-a", "2", Outcome.Unchanged, null, ["Employee 2: Location is 130 characters; ..."], default);
        await bed.Outcomes.TryRecordAsync("run-a", "3", Outcome.Updated, null, default);
        // A redelivery does not add a warning to the outcome already recorded.
        await bed.Outcomes.TryRecordAsync("run-a", "3", Outcome.Updated, null, ["Employee 3: late"], default);

        var counts = await bed.Outcomes.CountAsync("run-a", default);
        Assert.Equal(2, counts.Warnings);
        Assert.Equal(3, counts.Settled);

        var listed = await bed.Outcomes.ListAsync("run-a", default);
        Assert.Equal(two, listed[0].Warnings);
        Assert.Equal(["Employee 2: Location is 130 characters; ..."], listed[1].Warnings);
        Assert.Empty(listed[2].Warnings);
        Assert.Equal(new RecordedOutcome("1", Outcome.Created, null, listed[0].RecordedAt) { Warnings = [.. two] }, listed[0]);
        Assert.NotEqual(new RecordedOutcome("1", Outcome.Created, null, listed[0].RecordedAt), listed[0]);
    }

    [Fact]
    public async Task Counting_reads_every_page_of_a_large_run()
    {
        using var bed = await StateTestBed.CreateAsync(emulators, "outcome-pages");
        // ~3 KB of detail per item: 600 items are ~1.8 MB, over the 1 MB a single Query page returns.
        var detail = new string('x', 3000);
        using var gate = new SemaphoreSlim(16);
        await Task.WhenAll(Enumerable.Range(0, 600).Select(async i =>
        {
            await gate.WaitAsync();
            try
            {
                await bed.Outcomes.TryRecordAsync("run-a", i.ToString("D4", System.Globalization.CultureInfo.InvariantCulture), Outcome.Updated, detail, default);
            }
            finally
            {
                gate.Release();
            }
        }));

        var firstPage = await bed.Db.QueryAsync(new QueryRequest
        {
            TableName = bed.Table,
            KeyConditionExpression = "pk = :pk",
            ExpressionAttributeValues = new() { [":pk"] = new AttributeValue { S = "RUN#run-a" } },
        });
        Assert.NotEmpty(firstPage.LastEvaluatedKey ?? []);
        Assert.Equal(600, (await bed.Outcomes.CountAsync("run-a", default))[Outcome.Updated]);
        Assert.Equal(600, (await bed.Outcomes.ListAsync("run-a", default)).Count);
    }
}
