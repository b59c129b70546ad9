using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Pipeline.Producer.Sync;
using Pipeline.TestSupport;
using Pipeline.TestSupport.Pipeline;

namespace Pipeline.Operate.Tests.Cli;

/// <summary>
/// After a failure e-mail the operator runs `pipeline status`: the last run's result and the reason it failed are on
/// that one screen, not only in the producer's logs. A real process against the emulators.
/// </summary>
public sealed class StatusLastRunCliTests(EmulatorFixture emulators) : IClassFixture<EmulatorFixture>
{
    [Fact]
    public async Task Status_shows_why_the_last_run_failed()
    {
        await using var stack = await PipelineStack.StartAsync(emulators, o => o.Prefix = "cli-reason");
        var closed = ClosedPort();
        var sync = await stack.RunSyncAsync(TimeSpan.FromSeconds(30), new Dictionary<string, string?>
        {
            ["BambooHr:BaseUrl"] = $"http://127.0.0.1:{closed}/api/gateway.php/acme/",
        });
        Assert.Equal(SyncStatus.Failed, sync.Summary.Status);
        var reason = Assert.IsType<string>(sync.Summary.Reason);
        var env = stack.EnvironmentVariables();

        var text = (await PipelineProcess.RunAsync(env, "status")).Sample("status-last-run-failed");
        Assert.True(text.ExitCode == 0, text.ToString());
        Assert.Contains($"{sync.Summary.RunId}: failed", text.StdOut, StringComparison.Ordinal);
        Assert.Contains("Reason", text.StdOut, StringComparison.Ordinal);
        // The table may wrap a long reason; its words are all there, in order.
        Assert.Contains(Words(reason), Words(text.StdOut), StringComparison.Ordinal);

        var json = (await PipelineProcess.RunAsync(env, "status", "--json")).Sample("status-json-last-run-failed");
        using var doc = JsonDocument.Parse(json.StdOut);
        Assert.Equal("failed", doc.RootElement.GetProperty("last_summary").GetProperty("status").GetString());
        Assert.Equal(reason, doc.RootElement.GetProperty("last_summary").GetProperty("reason").GetString());
    }

    private static string Words(string text) =>
        string.Join(' ', text.Split([' ', '\n', '\r', '│', '|'], StringSplitOptions.RemoveEmptyEntries));

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
