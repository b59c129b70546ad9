using System.Diagnostics;
using System.Text.Json;
using Pipeline.Producer.Sync;
using Pipeline.Sandbox.BambooHr;
using Pipeline.State;
using Pipeline.TestSupport;
using Pipeline.TestSupport.Pipeline;

namespace Pipeline.Operate.Tests.Cli;

/// <summary>
/// Ctrl-C (SIGINT) and SIGTERM sent to a real `pipeline` process while it waits: it stops within 2 s, says in one
/// line what it leaves, exits 128 + the signal, and the run is as the next sync needs it.
/// </summary>
public sealed class InterruptCliTests(EmulatorFixture emulators) : IClassFixture<EmulatorFixture>
{
    private static readonly TimeSpan StopWithin = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    [Theory]
    [InlineData("INT", 130)]
    [InlineData("TERM", 143)]
    public async Task A_signal_stops_sync_wait_within_2_s_the_run_stays_draining_and_the_next_sync_finalizes_it(string signal, int exitCode)
    {
        await using var stack = await PipelineStack.StartAsync(emulators, o => o.Prefix = "cli-sig-sync-" + signal.ToLowerInvariant());
        await stack.GenerateAsync(20, seed: 21);

        // No consumers: the sync publishes, then waits for a drain that cannot come.
        await using var cli = PipelineProcess.Start(stack.EnvironmentVariables(), "sync", "--wait", "10m");
        await cli.WaitForOutputAsync((_, err) => err.Contains("waiting for the drain", StringComparison.Ordinal), Patience, "the sync to publish and wait for the drain");
        var clock = Stopwatch.StartNew();
        await cli.SignalAsync(signal);
        var run = (await cli.WaitForExitAsync(Patience)).Sample("sync-interrupted-" + signal.ToLowerInvariant());
        var took = clock.Elapsed;

        Assert.True(took < StopWithin, $"stopped after {took.TotalSeconds:0.00} s\n{run}");
        Assert.True(run.ExitCode == exitCode, run.ToString());
        var summary = JsonDocument.Parse(run.StdOut.TrimEnd().Split('\n')[^1]).RootElement;
        Assert.Equal(SyncStatus.Draining, summary.GetProperty("status").GetString());
        var runId = summary.GetProperty("run_id").GetString()!;
        var said = Assert.Single(Lines(run.StdErr), l => !l.StartsWith('{'));
        Assert.Equal($"interrupted: stopped waiting; run {runId} stays draining and the next `pipeline sync` finalizes it.", said);
        Assert.DoesNotContain("   at ", run.StdErr, StringComparison.Ordinal);

        Assert.Equal(RunStatus.Draining, (await stack.GetRunAsync(runId))!.Status);
        Assert.Equal(runId, (await stack.GetStateAsync()).PendingRunId);
        await stack.StartConsumersAsync(1);
        var next = await stack.RunSyncAsync(Patience);
        Assert.Equal(SyncStatus.Completed, next.Summary.Status);
        Assert.Equal(runId, next.Summary.RunId);
        Assert.Equal(20, next.Summary.TotalChanged);
    }

    [Fact]
    public async Task Ctrl_c_while_fetching_abandons_the_run_so_the_next_sync_starts_at_once_on_the_same_window()
    {
        await using var stack = await PipelineStack.StartAsync(emulators, o => o.Prefix = "cli-sig-fetch");
        await stack.GenerateAsync(20, seed: 23);
        // Every BambooHR answer takes 30 s: the sync is still fetching when the signal comes.
        await stack.SetBambooHrFaultsAsync(new FaultSettings { LatencyMs = 30_000 });

        await using var cli = PipelineProcess.Start(stack.EnvironmentVariables(), "sync", "--wait", "10m");
        await cli.WaitForOutputAsync((_, err) => err.Contains("\"EventId\":3001", StringComparison.Ordinal), Patience, "the sync to claim its run");
        var clock = Stopwatch.StartNew();
        await cli.SignalAsync("INT");
        var run = (await cli.WaitForExitAsync(Patience)).Sample("sync-interrupted-fetching");
        var took = clock.Elapsed;

        Assert.True(took < StopWithin, $"stopped after {took.TotalSeconds:0.00} s\n{run}");
        Assert.True(run.ExitCode == 130, run.ToString());
        var summary = JsonDocument.Parse(run.StdOut.TrimEnd().Split('\n')[^1]).RootElement;
        Assert.Equal(SyncStatus.Failed, summary.GetProperty("status").GetString());
        var runId = summary.GetProperty("run_id").GetString()!;
        var said = Assert.Single(Lines(run.StdErr), l => !l.StartsWith('{'));
        Assert.Equal("interrupted: stopped by Ctrl-C or SIGTERM while fetching or publishing; the run was abandoned and the next sync publishes its window again", said);

        Assert.Equal(RunStatus.Failed, (await stack.GetRunAsync(runId))!.Status);
        var state = await stack.GetStateAsync();
        Assert.Null(state.PendingRunId);
        Assert.Null(state.Watermark);

        await stack.SetBambooHrFaultsAsync(new FaultSettings { LatencyMs = 0 });
        await stack.StartConsumersAsync(1);
        var next = await stack.RunSyncAsync(Patience);
        Assert.Equal(SyncStatus.Completed, next.Summary.Status);
        Assert.NotEqual(runId, next.Summary.RunId);
        Assert.Equal(20, next.Summary.TotalChanged);
    }

    [Theory]
    [InlineData("INT", 130)]
    [InlineData("TERM", 143)]
    public async Task A_signal_stops_status_watch_within_2_s_and_leaves_the_run_as_it_was(string signal, int exitCode)
    {
        await using var stack = await PipelineStack.StartAsync(emulators, o => o.Prefix = "cli-sig-watch-" + signal.ToLowerInvariant());
        await stack.GenerateAsync(20, seed: 22);
        var sync = await stack.RunSyncAsync(TimeSpan.Zero);
        Assert.Equal(SyncStatus.Draining, sync.Summary.Status);
        var runId = sync.Summary.RunId;

        await using var cli = PipelineProcess.Start(stack.EnvironmentVariables(), "status", "--watch");
        await cli.WaitForOutputAsync((@out, _) => @out.Contains($"{runId} (draining): 0/20 settled", StringComparison.Ordinal), Patience, "the first progress line");
        var clock = Stopwatch.StartNew();
        await cli.SignalAsync(signal);
        var run = (await cli.WaitForExitAsync(Patience)).Sample("status-watch-interrupted-" + signal.ToLowerInvariant());
        var took = clock.Elapsed;

        Assert.True(took < StopWithin, $"stopped after {took.TotalSeconds:0.00} s\n{run}");
        Assert.True(run.ExitCode == exitCode, run.ToString());
        Assert.Equal("interrupted: stopped watching; the run is not affected (`pipeline status` shows it).", Assert.Single(Lines(run.StdErr)));
        Assert.Equal(RunStatus.Draining, (await stack.GetRunAsync(runId))!.Status);
        Assert.Equal(runId, (await stack.GetStateAsync()).PendingRunId);
    }

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
