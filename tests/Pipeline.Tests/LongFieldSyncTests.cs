using Pipeline.Contracts;
using Pipeline.Producer.Sync;
using Pipeline.TestSupport;
using Pipeline.TestSupport.Pipeline;

namespace Pipeline.Pipeline.Tests;

/// <summary>
/// Issue 15.4 end to end, on the Moodle stand-in (which refuses an over-long column with dml_write_exception, as Moodle
/// 4.5 does): a long department is cut to fit, counted in the run summary's warnings, and not written again.
/// </summary>
public sealed class LongFieldSyncTests(EmulatorFixture emulators) : IClassFixture<EmulatorFixture>
{
    // 300 characters: Moodle's department holds 255, counted in characters (fixtures 83, 84).
    private static readonly string LongDepartment = string.Concat(Enumerable.Repeat("Forschung & Entwicklung für Übersee-Märkte, ", 7))[..300];

    [Fact]
    public async Task A_long_department_is_cut_counted_in_the_summary_and_not_written_again_by_the_next_sync()
    {
        await using var stack = await PipelineStack.StartAsync(emulators, o => o.Prefix = "long-field");
        await stack.PutEmployeeAsync("950", Employee("950", LongDepartment));
        await stack.PutEmployeeAsync("951", Employee("951", "Finance"));
        await stack.StartConsumersAsync(1);

        var first = await stack.RunSyncAsync(Waits.Sync);

        Assert.Equal(SyncStatus.Completed, first.Summary.Status);
        Assert.Equal((2, 0, 1), (first.Summary.Created, first.Summary.DeadLettered, first.Summary.Warnings));
        var users = await stack.MoodleUsersByIdNumberAsync();
        Assert.Equal(LongDepartment[..255].TrimEnd(), users["950"].Department);
        Assert.Equal("Finance", users["951"].Department);
        var outcomes = (await stack.OutcomesAsync(first.Summary.RunId)).ToDictionary(o => o.EmployeeId);
        Assert.Equal(
            "Employee 950: Department is 300 characters; Moodle's department holds at most 255, so it is cut to fit. Shorten it in BambooHR to keep it whole.",
            Assert.Single(outcomes["950"].Warnings));
        Assert.Empty(outcomes["951"].Warnings);
        Assert.Equal(first.Summary, (await stack.GetStateAsync()).LastSummary);
        var written = await stack.MoodleUsersWrittenAsync();

        // A job title change (a field the sync does not write) gives a new snapshot with the same long department:
        // it reaches the comparison with Moodle, which already holds the cut value.
        await stack.PutEmployeeAsync("950", new Dictionary<string, string?> { ["jobTitle"] = "Lead" });
        var second = await stack.RunSyncAsync(Waits.Sync);

        Assert.Equal(SyncStatus.Completed, second.Summary.Status);
        Assert.Equal(0, second.Summary.Created + second.Summary.Updated + second.Summary.Suspended + second.Summary.Reactivated);
        Assert.Equal(written, await stack.MoodleUsersWrittenAsync());
        var again = (await stack.OutcomesAsync(second.Summary.RunId)).Single(o => o.EmployeeId == "950");
        Assert.Equal(Outcome.Unchanged, again.Outcome);
        Assert.Single(again.Warnings);
        Assert.Equal(1, second.Summary.Warnings);
    }

    private static Dictionary<string, string?> Employee(string id, string department) => new()
    {
        ["employeeNumber"] = "E" + id,
        ["firstName"] = "Long",
        ["lastName"] = "Field" + id,
        ["workEmail"] = $"long.field{id}@acme.example",
        ["status"] = "Active",
        ["hireDate"] = "2024-01-08",
        ["terminationDate"] = "0000-00-00",
        ["department"] = department,
        ["division"] = "Corporate",
        ["jobTitle"] = "Analyst",
        ["location"] = "Berlin",
        ["country"] = "Germany",
    };
}
