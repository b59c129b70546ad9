using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Pipeline.Contracts;
using Pipeline.Producer;
using Pipeline.Producer.Operate;
using Pipeline.Producer.Sync;
using Pipeline.TestSupport;
using Pipeline.TestSupport.Pipeline;

namespace Pipeline.Pipeline.Tests;

/// <summary>
/// `pipeline sync --full` end to end (BambooHR stand-in → producer → SQS → consumers → Moodle stand-in): the first run
/// ever is full, a full run over an unchanged company writes nothing to Moodle, and edits an admin made in Moodle are
/// put right and counted as drift.
/// </summary>
public sealed class FullSyncTests(EmulatorFixture emulators) : IClassFixture<EmulatorFixture>
{
    private const int Company = 300;

    [Fact]
    public async Task A_full_run_over_a_synced_company_of_a_few_hundred_makes_no_Moodle_write_and_never_creates_leavers()
    {
        await using var stack = await PipelineStack.StartAsync(emulators, o => o.Prefix = "full-idle");
        var seed = await stack.GenerateAsync(Company, seed: 23);
        var facts = new SeedFacts(seed);
        await stack.StartConsumersAsync(2);

        // No watermark yet: the first run is full by itself.
        var first = await stack.RunSyncAsync(Waits.Sync);
        Assert.Equal(SyncStatus.Completed, first.Summary.Status);
        Assert.True(first.Summary.Full);
        Assert.Null(first.Summary.Since);
        Assert.Equal(Company, first.Summary.TotalChanged);
        Assert.Equal(0, first.Summary.Orphans);
        Assert.True((await stack.GetRunAsync(first.Summary.RunId))!.Full);
        var statsBefore = await stack.MoodleStatsAsync();

        var full = await stack.RunSyncAsync(Waits.Sync, SyncScope.Full);

        Assert.Equal(SyncStatus.Completed, full.Summary.Status);
        Assert.True(full.Summary.Full);
        Assert.Equal(Company, full.Summary.TotalChanged);
        Assert.Equal(0, full.Summary.Created + full.Summary.Updated + full.Summary.Suspended + full.Summary.Reactivated);
        Assert.Equal(0, full.Summary.DriftCorrected);
        Assert.Equal(Company - full.Summary.DeadLettered, full.Summary.Unchanged);
        var statsAfter = await stack.MoodleStatsAsync();
        Assert.Equal(statsBefore.UsersWritten, statsAfter.UsersWritten);
        Assert.Equal(0, Calls(statsAfter, "core_user_create_users") - Calls(statsBefore, "core_user_create_users"));
        Assert.Equal(0, Calls(statsAfter, "core_user_update_users") - Calls(statsBefore, "core_user_update_users"));
        // It did look: every employee was compared with Moodle itself, not only with the ledger.
        Assert.True(Calls(statsAfter, "core_user_get_users_by_field") - Calls(statsBefore, "core_user_get_users_by_field") >= Company / 10);

        // Leavers who never had an account: settled unchanged by both runs, never created.
        var users = await stack.MoodleUsersByIdNumberAsync();
        Assert.NotEmpty(facts.Leavers);
        Assert.DoesNotContain(users.Keys, facts.Leavers.Contains);
        var outcomes = (await stack.OutcomesAsync(full.Summary.RunId)).ToDictionary(o => o.EmployeeId);
        Assert.All(facts.Leavers, id => Assert.Equal(Outcome.Unchanged, outcomes[id].Outcome));
        Assert.Equal(full.Summary.NextSince, (await stack.GetStateAsync()).Watermark);
    }

    [Fact]
    public async Task Edits_made_in_Moodle_are_put_right_by_a_full_run_and_counted_as_drift_corrected()
    {
        await using var stack = await PipelineStack.StartAsync(emulators, o => o.Prefix = "full-drift");
        await stack.GenerateAsync(40, seed: 29);
        await stack.StartConsumersAsync(2);
        var first = await stack.RunSyncAsync(Waits.Sync);
        Assert.Equal(SyncStatus.Completed, first.Summary.Status);
        var before = await stack.MoodleUsersByIdNumberAsync();

        // An admin edits 3's department, suspends 4 and deletes 5's account, in Moodle itself.
        await MoodleAdminAsync(stack, "core_user_update_users", new()
        {
            ["users[0][id]"] = Id(before["3"]),
            ["users[0][department]"] = "Edited in Moodle",
            ["users[1][id]"] = Id(before["4"]),
            ["users[1][suspended]"] = "1",
        });
        await MoodleAdminAsync(stack, "core_user_delete_users", new() { ["userids[0]"] = Id(before["5"]) });

        // An account linked to nobody BambooHR has: an orphan, counted by the full run and left alone.
        await MoodleAdminAsync(stack, "core_user_create_users", new()
        {
            ["users[0][username]"] = "left.long.ago",
            ["users[0][createpassword]"] = "1",
            ["users[0][firstname]"] = "Left",
            ["users[0][lastname]"] = "Long-Ago",
            ["users[0][email]"] = "left.long.ago@example.org",
            ["users[0][idnumber]"] = "999999",
        });
        var nightly = await stack.RunSyncAsync(Waits.Sync);
        Assert.Equal(0, nightly.Summary.Created + nightly.Summary.Updated + nightly.Summary.Reactivated);
        Assert.Null(nightly.Summary.Orphans);
        var written = await stack.MoodleUsersWrittenAsync();

        // `sync --plan --full` shows the same drift and writes nothing.
        var plan = await PlanAsync(stack, SyncScope.Full);
        Assert.True(plan.Full);
        Assert.Null(plan.Since);
        Assert.Equal(40, plan.TotalChanged);
        var planned = plan.Employees.Where(l => l.Drift).ToDictionary(l => l.EmployeeId, l => l.Decision);
        Assert.Equal(new Dictionary<string, string> { ["3"] = "update", ["4"] = "reactivate", ["5"] = "create" }, planned);
        Assert.Equal(written, await stack.MoodleUsersWrittenAsync());

        var full = await stack.RunSyncAsync(Waits.Sync, SyncScope.Full);

        Assert.Equal(SyncStatus.Completed, full.Summary.Status);
        Assert.Equal(3, full.Summary.DriftCorrected);
        Assert.Equal((1, 1, 1), (full.Summary.Updated, full.Summary.Reactivated, full.Summary.Created));
        Assert.Equal(1, full.Summary.Orphans);
        Assert.False((await stack.MoodleUsersByIdNumberAsync())["999999"].Suspended);
        Assert.Equal(written + 3, await stack.MoodleUsersWrittenAsync());
        var after = await stack.MoodleUsersByIdNumberAsync();
        Assert.Equal(before["3"].Department, after["3"].Department);
        Assert.False(after["4"].Suspended);
        Assert.Equal(before["5"].Email, after["5"].Email);
        var drifted = (await stack.OutcomesAsync(full.Summary.RunId)).Where(o => o.DriftCorrected).Select(o => o.EmployeeId);
        Assert.Equal(["3", "4", "5"], drifted.Order(StringComparer.Ordinal));
        var stored = (await stack.GetStateAsync()).LastSummary;
        Assert.Equal((true, 3), (stored?.Full, stored?.DriftCorrected));
    }

    [Fact]
    public async Task A_first_run_told_changes_only_looks_back_14_days_and_a_later_full_run_brings_in_everyone_else()
    {
        await using var stack = await PipelineStack.StartAsync(emulators, o => o.Prefix = "full-first");
        await stack.GenerateAsync(20, seed: 31);
        var monthAgo = DateTimeOffset.UtcNow.AddDays(-30).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
        await stack.PutEmployeeAsync("500", new Dictionary<string, string?>
        {
            ["employeeNumber"] = "E-500",
            ["firstName"] = "Long",
            ["lastName"] = "Standing",
            ["workEmail"] = "long.standing.500@example.com",
            ["status"] = "Active",
            ["hireDate"] = "2015-03-02",
            ["country"] = "United Kingdom",
            ["lastChanged"] = monthAgo,
        });
        await stack.StartConsumersAsync(2);

        var changesOnly = await stack.RunSyncAsync(Waits.Sync, SyncScope.ChangesOnly);

        Assert.Equal(SyncStatus.Completed, changesOnly.Summary.Status);
        Assert.False(changesOnly.Summary.Full);
        Assert.Equal(20, changesOnly.Summary.TotalChanged);
        Assert.InRange(changesOnly.Summary.Since!.Value, DateTimeOffset.UtcNow.AddDays(-14).AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(-14).AddMinutes(5));
        Assert.Null(await stack.MoodleUserAsync("500"));

        var full = await stack.RunSyncAsync(Waits.Sync, SyncScope.Full);

        Assert.Equal(21, full.Summary.TotalChanged);
        Assert.Equal(1, full.Summary.Created);
        Assert.Equal(0, full.Summary.DriftCorrected);
        Assert.NotNull(await stack.MoodleUserAsync("500"));
        // The watermark never goes back: the long-standing employee's old lastChanged does not rewind it.
        Assert.Equal(changesOnly.Summary.NextSince, full.Summary.NextSince);
    }

    [Fact]
    public async Task A_plan_links_an_account_whose_email_differs_only_in_case_where_it_would_otherwise_show_a_create()
    {
        await using var stack = await PipelineStack.StartAsync(emulators, o => o.Prefix = "plan-case");
        var company = await stack.GenerateAsync(20, seed: 31);
        var employee = company.Employees.First(e => e.Status == "Active" && e.Id != "2" && e.WorkEmail is { Length: > 0 });
        var existing = (await stack.PreloadMoodleUsersAsync(new Sandbox.Moodle.Admin.SandboxUserView
        {
            Username = "made.by.hand",
            Idnumber = "",
            Email = employee.WorkEmail!.ToUpperInvariant(),
            Firstname = "Made",
            Lastname = "By-Hand",
        })).Single();

        var plan = await PlanAsync(stack, SyncScope.Full);

        var line = plan.Employees.Single(l => l.EmployeeId == employee.Id);
        Assert.Equal(("update", existing.Id), (line.Decision, line.MoodleUserId));
        Assert.Contains(line.Changes, c => c.Field == "idnumber");
        Assert.Equal(0, Calls(await stack.MoodleStatsAsync(), "core_user_create_users") + Calls(await stack.MoodleStatsAsync(), "core_user_update_users"));
    }

    private static async Task<PlanReport> PlanAsync(PipelineStack stack, SyncScope scope)
    {
        using var host = stack.BuildProducer(Needs.State | Needs.BambooHr | Needs.Moodle);
        await host.StartAsync();
        try
        {
            return await host.Services.GetRequiredService<PlanRunner>().PlanAsync(scope, CancellationToken.None);
        }
        finally
        {
            await host.StopAsync();
        }
    }

    private static string Id(Sandbox.Moodle.Admin.SandboxUserView user) => user.Id!.Value.ToString(CultureInfo.InvariantCulture);

    private static long Calls(Sandbox.Moodle.StatsDto stats, string function) => stats.Calls.TryGetValue(function, out var n) ? n : 0;

    /// <summary>What an admin's edit in Moodle amounts to: a web-service call with the admin's token, beside the pipeline.</summary>
    private static async Task MoodleAdminAsync(PipelineStack stack, string function, Dictionary<string, string> parameters)
    {
        using var http = new HttpClient { BaseAddress = stack.MoodleUrl };
        var form = new Dictionary<string, string>(parameters)
        {
            ["wstoken"] = stack.Options.MoodleAdminToken,
            ["wsfunction"] = function,
            ["moodlewsrestformat"] = "json",
        };
        using var content = new FormUrlEncodedContent(form);
        using var response = await http.PostAsync("webservice/rest/server.php", content);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode && !body.Contains("\"exception\"", StringComparison.Ordinal), $"{function}: {body}");
    }
}
