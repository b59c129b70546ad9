using System.Net;
using System.Net.Sockets;

namespace Pipeline.Operate.Tests.Cli;

/// <summary>The CLI as an operator meets it: help, refused arguments, and services that do not answer. Real processes.</summary>
public sealed class CliArgumentTests
{
    private static readonly Dictionary<string, string?> NoEnvironment = new();

    [Theory]
    [InlineData("root", new string[] { }, new[] { "sync", "status", "dlq", "rewind", "local-setup" })]
    [InlineData("sync", new[] { "sync" }, new[] { "--wait", "--plan", "--json" })]
    [InlineData("status", new[] { "status" }, new[] { "--json", "queue" })]
    [InlineData("dlq", new[] { "dlq" }, new[] { "peek", "replay" })]
    [InlineData("dlq-peek", new[] { "dlq", "peek" }, new[] { "--max", "--json", "Deletes nothing" })]
    [InlineData("dlq-replay", new[] { "dlq", "replay" }, new[] { "--employee", "--reason", "--max", "--dry-run", "--no-refresh" })]
    [InlineData("rewind", new[] { "rewind" }, new[] { "--since", "--days", "--force" })]
    [InlineData("local-setup", new[] { "local-setup" }, new[] { "--prefix" })]
    public async Task Help_describes_each_command_and_its_options(string name, string[] command, string[] expected)
    {
        var run = (await PipelineProcess.RunAsync(NoEnvironment, [.. command, "--help"])).Sample("help-" + name);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("Usage:", run.StdOut, StringComparison.Ordinal);
        foreach (var text in expected)
        {
            Assert.Contains(text, run.StdOut, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("rewind-both", new[] { "rewind", "--since", "2026-01-01T00:00:00Z", "--days", "3" }, "exactly one of --since")]
    [InlineData("rewind-neither", new[] { "rewind" }, "exactly one of --since")]
    [InlineData("rewind-negative-days", new[] { "rewind", "--days", "-2" }, "--days must be between")]
    [InlineData("rewind-bad-date", new[] { "rewind", "--since", "yesterday" }, "yesterday")]
    [InlineData("dlq-peek-max-0", new[] { "dlq", "peek", "--max", "0" }, "--max must be between 1 and 10000")]
    [InlineData("sync-wait-abc", new[] { "sync", "--wait", "abc" }, "'abc' is not a duration")]
    [InlineData("unknown-command", new[] { "frobnicate" }, "frobnicate")]
    public async Task Bad_arguments_are_refused_with_a_clear_message_and_a_non_zero_exit(string name, string[] args, string message)
    {
        var run = (await PipelineProcess.RunAsync(NoEnvironment, args)).Sample("bad-args-" + name);

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains(message, run.StdErr, StringComparison.Ordinal);
        Assert.StartsWith("error: ", run.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Missing_configuration_names_the_keys_to_set_and_exits_2()
    {
        var run = (await PipelineProcess.RunAsync(new Dictionary<string, string?> { ["AWS_REGION"] = "eu-west-2" }, "status")).Sample("status-unconfigured");

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains("Configuration is incomplete", run.StdErr, StringComparison.Ordinal);
        Assert.Contains("QueueUrl", run.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unreachable_sqs_endpoint_gives_a_clear_message_and_a_non_zero_exit()
    {
        var closed = ClosedPort();
        var run = (await PipelineProcess.RunAsync(new Dictionary<string, string?>
        {
            ["AWS_REGION"] = "eu-west-2",
            ["AWS_ACCESS_KEY_ID"] = "local",
            ["AWS_SECRET_ACCESS_KEY"] = "local",
            ["AWS_ENDPOINT_URL_SQS"] = $"http://127.0.0.1:{closed}",
            ["AWS_ENDPOINT_URL_DYNAMODB"] = $"http://127.0.0.1:{closed}",
            ["Queue__QueueUrl"] = $"http://127.0.0.1:{closed}/000000000000/nowhere",
            ["Queue__DeadLetterQueueUrl"] = $"http://127.0.0.1:{closed}/000000000000/nowhere-dlq",
        }, "dlq", "peek")).Sample("dlq-peek-unreachable");

        Assert.True(run.ExitCode != 0, run.ToString());
        Assert.StartsWith("error: ", run.StdErr.TrimStart(), StringComparison.Ordinal);
        Assert.Contains("AWS_ENDPOINT_URL", run.StdErr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unreachable_dynamodb_endpoint_gives_a_clear_message_and_a_non_zero_exit()
    {
        var closed = ClosedPort();
        var run = (await PipelineProcess.RunAsync(new Dictionary<string, string?>
        {
            ["AWS_REGION"] = "eu-west-2",
            ["AWS_ACCESS_KEY_ID"] = "local",
            ["AWS_SECRET_ACCESS_KEY"] = "local",
            ["AWS_ENDPOINT_URL_SQS"] = $"http://127.0.0.1:{closed}",
            ["AWS_ENDPOINT_URL_DYNAMODB"] = $"http://127.0.0.1:{closed}",
            ["Queue__QueueUrl"] = $"http://127.0.0.1:{closed}/000000000000/nowhere",
            ["Queue__DeadLetterQueueUrl"] = $"http://127.0.0.1:{closed}/000000000000/nowhere-dlq",
            ["State__TableName"] = "nowhere",
        }, "rewind", "--days", "1")).Sample("rewind-unreachable");

        Assert.True(run.ExitCode != 0, run.ToString());
        Assert.StartsWith("error: ", run.StdErr.TrimStart(), StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.StdErr, StringComparison.Ordinal);
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
