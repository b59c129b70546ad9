using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Pipeline.Contracts;
using Pipeline.Domain;
using Pipeline.Producer;
using Pipeline.Producer.Sync;
using Pipeline.Sandbox.BambooHr;
using Pipeline.TestSupport;
using Pipeline.TestSupport.Pipeline;

namespace Pipeline.Pipeline.Tests;

/// <summary>
/// Effective dates end to end (BambooHR stand-in → producer → SQS → consumers → Moodle stand-in) on a shifted clock:
/// a termination dated two weeks ahead leaves the account active until its day, and the first sync on that day
/// suspends it although BambooHR's lastChanged never moves (the stand-in's worst case); a future joiner with
/// Mapping:CreateDaysBeforeHire=7 is created only from seven days before their hire date, by the same re-publish.
/// </summary>
public sealed class EffectiveDateTests(EmulatorFixture emulators) : IClassFixture<EmulatorFixture>
{
    private static readonly TimeZoneInfo London = EffectiveDates.FindZone("Europe/London")!;

    [Fact]
    public async Task A_future_termination_suspends_on_its_day_and_a_future_joiner_is_created_seven_days_before_hire_with_no_change_in_BambooHr()
    {
        await using var stack = await PipelineStack.StartAsync(emulators, o => o.Prefix = "effective");
        var clock = new ShiftedClock(TimeSpan.Zero);
        var settings = new Dictionary<string, string?>
        {
            ["Mapping:CreateDaysBeforeHire"] = "7",
            ["Sync:TimeZone"] = "Europe/London",
            ["Sync:Overlap"] = "00:00:00",
        };
        var today = EffectiveDates.Today(clock.GetUtcNow(), London);
        await stack.LoadAsync(new SeedDocument
        {
            Employees =
            [
                Employee("1", "leaver", hire: today.AddYears(-2), terminated: today.AddDays(14)),
                Employee("2", "joiner", hire: today.AddDays(20), terminated: null),
                Employee("3", "stayer", hire: today.AddYears(-1), terminated: null),
                Bystander(),
            ],
        });
        await stack.StartConsumersAsync(1, settings, b => b.Services.AddSingleton<TimeProvider>(clock));
        // The stand-in reads the leaver as Inactive from the termination date on, lastChanged untouched.
        await SetBambooHrDayAsync(stack, clock);

        var first = await SyncAsync(stack, clock, settings);
        Assert.Equal(SyncStatus.Completed, first.Summary.Status);
        var users = await stack.MoodleUsersByIdNumberAsync();
        Assert.False(users["1"].Suspended);
        Assert.False(users.ContainsKey("2"));
        var held = (await stack.OutcomesAsync(first.Summary.RunId)).Single(o => o.EmployeeId == "2");
        Assert.Equal(Outcome.Unchanged, held.Outcome);
        Assert.Contains(NoChangeReasons.BeforeHire, held.Detail, StringComparison.Ordinal);
        Assert.Equal(
            [("2", today.AddDays(13)), ("1", today.AddDays(14))],
            (await stack.Due.GetDueAsync(today.AddDays(30), default)).Select(d => (d.EmployeeId, d.Due)));

        // Twelve days on: nothing changed in BambooHR and nothing is due yet.
        clock.Advance(TimeSpan.FromDays(12));
        await SetBambooHrDayAsync(stack, clock);
        var quiet = await SyncAsync(stack, clock, settings);
        Assert.Equal(["9"], (await stack.OutcomesAsync(quiet.Summary.RunId)).Select(o => o.EmployeeId));
        Assert.False((await stack.MoodleUsersByIdNumberAsync()).ContainsKey("2"));

        // Seven days before the hire date: the joiner is published again (same snapshot, so a due recheck) and created.
        clock.Advance(TimeSpan.FromDays(1));
        await SetBambooHrDayAsync(stack, clock);
        var hireWeek = await SyncAsync(stack, clock, settings);
        Assert.Equal(SyncStatus.Completed, hireWeek.Summary.Status);
        Assert.Equal(["2", "9"], (await stack.OutcomesAsync(hireWeek.Summary.RunId)).Select(o => o.EmployeeId).Order());
        Assert.Equal(1, hireWeek.Summary.Created);
        Assert.Equal(0, hireWeek.Summary.DriftCorrected);
        users = await stack.MoodleUsersByIdNumberAsync();
        Assert.False(users["2"].Suspended);
        Assert.False(users["1"].Suspended);

        // The termination date: the leaver is suspended by the first sync of the day, without any BambooHR change.
        clock.Advance(TimeSpan.FromDays(1));
        await SetBambooHrDayAsync(stack, clock);
        var leaving = await SyncAsync(stack, clock, settings);
        Assert.Equal(SyncStatus.Completed, leaving.Summary.Status);
        Assert.Equal(1, leaving.Summary.Suspended);
        users = await stack.MoodleUsersByIdNumberAsync();
        Assert.True(users["1"].Suspended);
        Assert.False(users["3"].Suspended);
        Assert.Empty(await stack.Due.GetDueAsync(today.AddDays(365), default));

        // Settled and forgotten: the next sync publishes neither again.
        var after = await SyncAsync(stack, clock, settings);
        Assert.Equal(["9"], (await stack.OutcomesAsync(after.Summary.RunId)).Select(o => o.EmployeeId));
    }

    [Fact]
    public async Task A_due_leaver_whose_snapshot_never_changes_is_decided_again_and_suspended_not_settled_as_a_duplicate()
    {
        await using var stack = await PipelineStack.StartAsync(emulators, o => o.Prefix = "effective-same");
        var clock = new ShiftedClock(TimeSpan.Zero);
        var settings = new Dictionary<string, string?> { ["Sync:Overlap"] = "00:00:00" };
        var today = EffectiveDates.Today(clock.GetUtcNow(), London);
        await stack.LoadAsync(new SeedDocument { Employees = [Employee("1", "leaver", hire: today.AddYears(-2), terminated: today.AddDays(14)), Bystander()] });
        await stack.StartConsumersAsync(1, settings, b => b.Services.AddSingleton<TimeProvider>(clock));

        Assert.Equal(SyncStatus.Completed, (await SyncAsync(stack, clock, settings)).Summary.Status);
        Assert.False((await stack.MoodleUsersByIdNumberAsync())["1"].Suspended);

        // The stand-in's status stays Active (no calendar): the very same snapshot comes again, and only the date decides.
        clock.Advance(TimeSpan.FromDays(15));
        var leaving = await SyncAsync(stack, clock, settings);

        Assert.Equal(1, leaving.Summary.Suspended);
        Assert.Equal(0, leaving.Summary.DriftCorrected);
        Assert.Equal(["1", "9"], (await stack.OutcomesAsync(leaving.Summary.RunId)).Select(o => o.EmployeeId).Order());
        Assert.True((await stack.MoodleUsersByIdNumberAsync())["1"].Suspended);
    }

    private static async Task<SyncResult> SyncAsync(PipelineStack stack, TimeProvider clock, IReadOnlyDictionary<string, string?> settings)
    {
        using var host = ProducerHost.Build(Needs.State | Needs.Queue | Needs.BambooHr, null, b =>
        {
            stack.ConfigureHost(settings)(b);
            b.Services.AddSingleton(clock);
        });
        await host.StartAsync();
        try
        {
            return await host.Services.GetRequiredService<SyncRunner>().RunAsync(Waits.Sync, default);
        }
        finally
        {
            await host.StopAsync(CancellationToken.None);
        }
    }

    private static Task SetBambooHrDayAsync(PipelineStack stack, TimeProvider clock) =>
        stack.SetBambooHrCalendarAsync(new CalendarSettings
        {
            TerminationsTakeEffect = true,
            Today = Date(EffectiveDates.Today(clock.GetUtcNow(), London)),
        });

    private static string Date(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>
    /// Changed last in BambooHR, so with no overlap every later window holds only this employee: the others can only
    /// come back through their dates.
    /// </summary>
    private static SeedEmployee Bystander()
    {
        var bystander = Employee("9", "bystander", hire: new DateOnly(2020, 1, 6), terminated: null);
        bystander.LastChanged = Stamp(TimeSpan.FromMinutes(-1));
        return bystander;
    }

    private static string Stamp(TimeSpan fromNow) =>
        (TimeProvider.System.GetUtcNow() + fromNow).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

    private static SeedEmployee Employee(string id, string name, DateOnly hire, DateOnly? terminated) => new()
    {
        LastChanged = Stamp(TimeSpan.FromHours(-2)),
        Id = id,
        EmployeeNumber = "E" + id,
        FirstName = name,
        LastName = "Tester",
        WorkEmail = $"{name}@example.com",
        Status = "Active",
        HireDate = Date(hire),
        TerminationDate = terminated is { } t ? Date(t) : "0000-00-00",
        Department = "Engineering",
        Country = "United Kingdom",
    };
}
