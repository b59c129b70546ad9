using System.Text.Json;
using Pipeline.Producer.Sync;
using Pipeline.TestSupport;
using Pipeline.TestSupport.Pipeline;

namespace Pipeline.Operate.Tests.Cli;

/// <summary>`pipeline status` shows the last run's warnings, where an operator looks after a sync, as a real process.</summary>
public sealed class StatusWarningsCliTests(EmulatorFixture emulators) : IClassFixture<EmulatorFixture>
{
    private const string Warning =
        "Employee 960: Department is 256 characters; Moodle's department holds at most 255, so it is cut to fit. Shorten it in BambooHR to keep it whole.";

    [Fact]
    public async Task Status_lists_the_last_runs_warnings_by_employee_and_never_the_value()
    {
        await using var stack = await PipelineStack.StartAsync(emulators, o => o.Prefix = "cli-warn");
        var department = new string('q', 256);
        await stack.PutEmployeeAsync("960", new Dictionary<string, string?>
        {
            ["firstName"] = "Long",
            ["lastName"] = "Department",
            ["workEmail"] = "long.department@acme.example",
            ["status"] = "Active",
            ["hireDate"] = "2024-01-08",
            ["department"] = department,
        });
        await stack.StartConsumersAsync(1);
        var sync = await stack.RunSyncAsync(TimeSpan.FromMinutes(2));
        Assert.Equal(SyncStatus.Completed, sync.Summary.Status);
        Assert.Equal(1, sync.Summary.Warnings);
        var env = stack.EnvironmentVariables();

        var text = (await PipelineProcess.RunAsync(env, "status")).Sample("status-warnings");
        Assert.True(text.ExitCode == 0, text.ToString());
        Assert.Contains("1 with warnings", text.StdOut, StringComparison.Ordinal);
        Assert.Contains(Warning, text.StdOut, StringComparison.Ordinal);
        Assert.DoesNotContain("qqqq", text.StdOut, StringComparison.Ordinal);

        var json = (await PipelineProcess.RunAsync(env, "status", "--json")).Sample("status-json-warnings");
        using var doc = JsonDocument.Parse(json.StdOut);
        Assert.Equal(1, doc.RootElement.GetProperty("last_summary").GetProperty("warnings").GetInt32());
        var listed = Assert.Single(doc.RootElement.GetProperty("last_run_warnings").EnumerateArray());
        Assert.Equal("960", listed.GetProperty("employee_id").GetString());
        Assert.Equal(Warning, Assert.Single(listed.GetProperty("messages").EnumerateArray()).GetString());
    }
}
