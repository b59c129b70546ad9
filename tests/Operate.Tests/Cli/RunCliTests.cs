using System.Globalization;
using System.Text;
using System.Text.Json;
using Amazon.DynamoDBv2.Model;
using Pipeline.Producer.Sync;
using Pipeline.TestSupport;
using Pipeline.TestSupport.Pipeline;

namespace Pipeline.Operate.Tests.Cli;

/// <summary>`pipeline status` with a pending run, `pipeline rewind`, and `pipeline sync --plan`, as real processes against a whole stack.</summary>
public sealed class RunCliTests(EmulatorFixture emulators) : IClassFixture<EmulatorFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Status_shows_a_pending_run_and_its_progress_and_rewind_is_refused_while_it_is_pending_unless_forced()
    {
        await using var stack = await PipelineStack.StartAsync(emulators, o => o.Prefix = "cli-run");
        await stack.GenerateAsync(20, seed: 3);
        var env = stack.EnvironmentVariables();

        // No consumers yet: the run publishes and stays pending (draining).
        var sync = await stack.RunSyncAsync(TimeSpan.FromSeconds(1));
        Assert.Equal(SyncStatus.Draining, sync.Summary.Status);

        var pending = (await PipelineProcess.RunAsync(env, "status")).Sample("status-pending-run");
        Assert.True(pending.ExitCode == 0, pending.ToString());
        Assert.Contains(sync.Summary.RunId, pending.StdOut, StringComparison.Ordinal);
        Assert.Contains("0/20 settled", pending.StdOut, StringComparison.Ordinal);
        Assert.Contains("(draining) full run, started", pending.StdOut, StringComparison.Ordinal); // the first run ever is full

        var consumers = await stack.StartConsumersAsync(1);
        await Eventually.WaitAsync(async () => (await stack.OutcomeCountsAsync(sync.Summary.RunId)).Values.Sum(), n => n == 20, Patience, "all 20 outcomes");
        foreach (var c in consumers)
        {
            await c.StopAsync();
        }

        var json = (await PipelineProcess.RunAsync(env, "status", "--json")).Sample("status-json-pending-run");
        using (var doc = JsonDocument.Parse(json.StdOut))
        {
            var run = doc.RootElement.GetProperty("pending_run");
            Assert.Equal(sync.Summary.RunId, run.GetProperty("run_id").GetString());
            Assert.Equal(20, run.GetProperty("total_changed").GetInt32());
            Assert.Equal(sync.Summary.Published, run.GetProperty("published").GetInt32());
            Assert.Equal(20, run.GetProperty("settled").GetInt32());
            Assert.Equal(20, run.GetProperty("outcomes").EnumerateObject().Sum(p => p.Value.GetInt32()));
            Assert.Equal(0, doc.RootElement.GetProperty("main_queue").GetProperty("visible").GetInt64());
        }

        // Refused while the run is pending: exit 4, nothing written.
        var stateBefore = Describe(await stack.GetStateItemAsync());
        var refused = (await PipelineProcess.RunAsync(env, "rewind", "--since", "2020-01-01T00:00:00Z")).Sample("rewind-refused");
        Assert.True(refused.ExitCode == 4, refused.ToString());
        Assert.Contains("Refused", refused.StdOut, StringComparison.Ordinal);
        Assert.Contains("--force", refused.StdOut, StringComparison.Ordinal);
        Assert.Equal(stateBefore, Describe(await stack.GetStateItemAsync()));

        var forced = (await PipelineProcess.RunAsync(env, "rewind", "--since", "2020-01-01T00:00:00Z", "--force", "--json")).Sample("rewind-force-json");
        Assert.True(forced.ExitCode == 0, forced.ToString());
        using (var doc = JsonDocument.Parse(forced.StdOut))
        {
            Assert.True(doc.RootElement.GetProperty("applied").GetBoolean());
        }

        Assert.Equal(DateTimeOffset.Parse("2020-01-01T00:00:00Z", CultureInfo.InvariantCulture), (await stack.GetStateAsync()).Watermark);
    }

    [Fact]
    public async Task Status_watch_follows_a_pending_run_until_it_is_finalized_then_prints_the_status()
    {
        await using var stack = await PipelineStack.StartAsync(emulators, o => o.Prefix = "cli-watch");
        await stack.GenerateAsync(20, seed: 4);
        var env = stack.EnvironmentVariables();
        var sync = await stack.RunSyncAsync(TimeSpan.FromSeconds(1));
        Assert.Equal(SyncStatus.Draining, sync.Summary.Status);

        // The watcher runs as a process (no terminal: one progress line per change) while consumers drain the run
        // and a second sync finalizes it. Consumers start once it has printed the run untouched.
        await using var watching = PipelineProcess.Start(env, "status", "--watch");
        await watching.WaitForOutputAsync((@out, _) => @out.Contains($"{sync.Summary.RunId} (draining): 0/20 settled", StringComparison.Ordinal),
            Patience, "the watcher's first progress line");
        var consumers = await stack.StartConsumersAsync(1);
        var finalize = await stack.RunSyncAsync(TimeSpan.FromSeconds(60));
        foreach (var c in consumers)
        {
            await c.StopAsync();
        }

        Assert.Equal(SyncStatus.Completed, finalize.Summary.Status);
        var watched = (await watching.WaitForExitAsync(Patience)).Sample("status-watch");
        Assert.True(watched.ExitCode == 0, watched.ToString());
        Assert.Matches($@"{sync.Summary.RunId} \(draining\): \d+/20 settled", watched.StdOut);
        Assert.Contains("Pending run        none", watched.StdOut, StringComparison.Ordinal);
        Assert.Contains($"{sync.Summary.RunId}: completed (full), 20 employees", watched.StdOut, StringComparison.Ordinal);
        Assert.Contains("drift corrected 0", watched.StdOut, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sync_plan_shows_every_kind_of_decision_per_employee_and_writes_nothing()
    {
        await using var stack = await PipelineStack.StartAsync(emulators, o => o.Prefix = "cli-plan");
        var seed = await stack.GenerateAsync(20, seed: 11);
        await stack.StartConsumersAsync(2);
        var first = await stack.RunSyncAsync(TimeSpan.FromMinutes(2));
        Assert.Equal(SyncStatus.Completed, first.Summary.Status);

        // After the first run, change BambooHR so the next window holds one of each decision.
        var poisonId = seed.Poison!.Single(p => p.Reason.Contains("invalid", StringComparison.Ordinal)).Id;
        const string leaverId = "10";
        const string updatedId = "3";
        const string suspendedId = "4";
        const string unchangedId = "5";
        Assert.NotNull(await stack.MoodleUserAsync(updatedId));
        // The generated leaver was never in Moodle: give them the suspended account a rehire finds there.
        Assert.Null(await stack.MoodleUserAsync(leaverId));
        var leaver = seed.Employees.Single(e => e.Id == leaverId);
        await stack.PreloadMoodleUsersAsync(new Pipeline.Sandbox.Moodle.Admin.SandboxUserView
        {
            Username = leaver.WorkEmail!.ToLowerInvariant(),
            Firstname = leaver.PreferredName ?? leaver.FirstName!,
            Lastname = leaver.LastName!,
            Email = leaver.WorkEmail!,
            Idnumber = leaverId,
            Suspended = true,
        });
        var oldLastName = seed.Employees.Single(e => e.Id == updatedId).LastName;
        var today = DateTime.UtcNow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        await stack.PutEmployeeAsync(updatedId, new Dictionary<string, string?> { ["lastName"] = "Planchanged" });
        await stack.PutEmployeeAsync(suspendedId, new Dictionary<string, string?> { ["status"] = "Inactive", ["terminationDate"] = today });
        await stack.PutEmployeeAsync(unchangedId, new Dictionary<string, string?>());
        await stack.PutEmployeeAsync(poisonId, new Dictionary<string, string?>());
        await stack.PutEmployeeAsync(leaverId, new Dictionary<string, string?> { ["status"] = "Active", ["terminationDate"] = null });
        var template = seed.Employees.Single(e => e.Id == "6");
        await stack.PutEmployeeAsync("500", new Dictionary<string, string?>
        {
            ["employeeNumber"] = "E-500",
            ["firstName"] = "Newa",
            ["lastName"] = "Starterson",
            ["workEmail"] = "new.starter.500@example.com",
            ["status"] = "Active",
            ["hireDate"] = today,
            ["department"] = template.Department,
            ["jobTitle"] = template.JobTitle,
            ["location"] = template.Location,
            ["country"] = template.Country,
            ["division"] = template.Division,
        });

        var writesBefore = await stack.MoodleUsersWrittenAsync();
        var tableBefore = await ScanAsync(stack);
        var queueBefore = await stack.QueueCountsAsync();
        var dlqBefore = await stack.DeadLetterCountsAsync();

        var env = stack.EnvironmentVariables();
        var plan = (await PipelineProcess.RunAsync(env, "sync", "--plan", "--json")).Sample("sync-plan-json");
        var table = (await PipelineProcess.RunAsync(env, "sync", "--plan")).Sample("sync-plan");
        Assert.True(plan.ExitCode == 0, plan.ToString());
        Assert.True(table.ExitCode == 0, table.ToString());
        Assert.Contains("Nothing was written", table.StdOut, StringComparison.Ordinal);

        // Nothing was written anywhere.
        Assert.Equal(writesBefore, await stack.MoodleUsersWrittenAsync());
        Assert.Equal(tableBefore, await ScanAsync(stack));
        Assert.Equal(queueBefore, await stack.QueueCountsAsync());
        Assert.Equal(dlqBefore, await stack.DeadLetterCountsAsync());

        using var doc = JsonDocument.Parse(plan.StdOut);
        var lines = doc.RootElement.GetProperty("employees").EnumerateArray()
            .ToDictionary(e => e.GetProperty("employee_id").GetString()!, e => e.Clone());
        Assert.Equal("create", lines["500"].GetProperty("decision").GetString());
        Assert.Equal("update", lines[updatedId].GetProperty("decision").GetString());
        var change = lines[updatedId].GetProperty("changes").EnumerateArray().Single(c => c.GetProperty("field").GetString() == "lastname");
        Assert.Equal(oldLastName, change.GetProperty("old").GetString());
        Assert.Equal("Planchanged", change.GetProperty("new").GetString());
        Assert.Equal("suspend", lines[suspendedId].GetProperty("decision").GetString());
        Assert.Equal("reactivate", lines[leaverId].GetProperty("decision").GetString());
        Assert.Equal("unchanged", lines[unchangedId].GetProperty("decision").GetString());
        Assert.Equal("poison", lines[poisonId].GetProperty("decision").GetString());
        Assert.StartsWith("invalid_email", lines[poisonId].GetProperty("reason").GetString(), StringComparison.Ordinal);
        var totals = doc.RootElement.GetProperty("totals");
        Assert.Equal(lines.Count, totals.EnumerateObject().Sum(t => t.Value.GetInt32()));
    }

    private static string Describe(Dictionary<string, AttributeValue> item) =>
        string.Join(";", item.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key}={kv.Value.S}{kv.Value.N}"));

    /// <summary>Every item of the stack's table, rendered in a stable order: equal strings mean nothing was written.</summary>
    private static async Task<string> ScanAsync(PipelineStack stack)
    {
        var rows = new List<string>();
        Dictionary<string, AttributeValue>? start = null;
        do
        {
            var page = await stack.DynamoDb.ScanAsync(new ScanRequest { TableName = stack.TableName, ExclusiveStartKey = start, ConsistentRead = true });
            rows.AddRange((page.Items ?? []).Select(Describe));
            start = page.LastEvaluatedKey is { Count: > 0 } last ? last : null;
        }
        while (start is not null);

        rows.Sort(StringComparer.Ordinal);
        return new StringBuilder().AppendJoin('\n', rows).Append($"\n{rows.Count} items").ToString();
    }
}
