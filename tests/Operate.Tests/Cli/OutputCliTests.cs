using Pipeline.Producer.Sync;
using Pipeline.TestSupport;
using Pipeline.TestSupport.Pipeline;

namespace Pipeline.Operate.Tests.Cli;

/// <summary>
/// What an operator reads: the command's own output, with no JSON log lines around it unless asked, and no spaces
/// padding piped lines out to a width. The nightly `sync` keeps its logs. Real processes against a whole stack.
/// </summary>
public sealed class OutputCliTests(EmulatorFixture emulators) : IClassFixture<EmulatorFixture>
{
    [Fact]
    public async Task Operator_commands_print_only_their_output_unpadded_and_log_when_asked_while_sync_keeps_its_logs()
    {
        await using var stack = await PipelineStack.StartAsync(emulators, o => o.Prefix = "cli-output");
        await stack.GenerateAsync(20, seed: 31);
        var env = stack.EnvironmentVariables();

        foreach (var args in new[] { new[] { "status" }, ["audit"], ["dlq", "peek"], ["dlq", "replay", "--dry-run", "--no-refresh"], ["sync", "--plan"] })
        {
            var run = (await PipelineProcess.RunAsync(env, args)).Sample("quiet-" + string.Join('-', args).Replace("--", string.Empty, StringComparison.Ordinal));
            Assert.True(run.ExitCode == 0, run.ToString());
            Assert.True(run.StdErr.Length == 0, $"logged without being asked:\n{run}");
            var lines = run.StdOut.TrimEnd('\n').Split('\n');
            Assert.NotEmpty(lines[0]);
            Assert.All(lines, line => Assert.True(line == line.TrimEnd(), $"padded line '{line}' in\n{run}"));
        }

        // Asked for, by option or by the standard setting: the replay's own Information entry, as a JSON line.
        var verbose = await PipelineProcess.RunAsync(env, "dlq", "replay", "--dry-run", "--no-refresh", "--verbose");
        Assert.Contains("\"EventId\":3014", verbose.StdErr, StringComparison.Ordinal);
        var configured = await PipelineProcess.RunAsync(
            stack.EnvironmentVariables(new Dictionary<string, string?> { ["Logging:LogLevel:Default"] = "Information" }), "dlq", "replay", "--dry-run", "--no-refresh");
        Assert.Contains("\"EventId\":3014", configured.StdErr, StringComparison.Ordinal);
        Assert.Equal(verbose.StdOut, configured.StdOut);

        // The nightly job logs its run as before; the summary is still the last stdout line.
        var sync = await PipelineProcess.RunAsync(env, "sync", "--wait", "0s");
        Assert.True(sync.ExitCode == 0, sync.ToString());
        Assert.Contains("waiting for the drain", sync.StdErr, StringComparison.Ordinal);
        Assert.Contains($"\"status\":\"{SyncStatus.Draining}\"", sync.StdOut.TrimEnd().Split('\n')[^1], StringComparison.Ordinal);

        // Refused while that run is pending: the refusal is the answer, said once, on stdout.
        var rewind = (await PipelineProcess.RunAsync(env, "rewind", "--days", "1")).Sample("quiet-rewind-refused");
        Assert.True(rewind.ExitCode == 4, rewind.ToString());
        Assert.StartsWith("Refused: ", rewind.StdOut, StringComparison.Ordinal);
        Assert.True(rewind.StdErr.Length == 0, $"logged without being asked:\n{rewind}");
    }
}
