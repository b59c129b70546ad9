using System.Text.Json;
using Pipeline.Contracts;

namespace Pipeline.Contracts.Tests;

public sealed class RunSummaryOrphansTests
{
    [Fact]
    public void Orphans_are_left_out_unless_a_full_run_counted_them_and_then_round_trip()
    {
        var plain = JsonSerializer.Serialize(new RunSummary { RunId = "r-1", Status = "completed" }, ContractsJsonContext.Default.RunSummary);
        Assert.DoesNotContain("orphans", plain, StringComparison.Ordinal);

        var full = JsonSerializer.Serialize(new RunSummary { RunId = "r-2", Status = "completed", Orphans = 0 }, ContractsJsonContext.Default.RunSummary);
        Assert.Contains("\"orphans\":0,", full, StringComparison.Ordinal);

        var read = JsonSerializer.Deserialize("{\"run_id\":\"r-3\",\"status\":\"completed\",\"orphans\":7}", ContractsJsonContext.Default.RunSummary);
        Assert.Equal(7, read!.Orphans);
        Assert.Null(JsonSerializer.Deserialize(plain, ContractsJsonContext.Default.RunSummary)!.Orphans);
    }
}
