using System.Net;
using System.Net.Sockets;

namespace Pipeline.Operate.Tests.Cli;

/// <summary>The CLI as an operator meets it: help, refused arguments, and services that do not answer. Real processes.</summary>
public sealed class CliArgumentTests
{
    private static readonly Dictionary<string, string?> NoEnvironment = new();

    [Theory]
    [InlineData("root", new string[] { }, new[] { "sync", "status", "audit", "dlq", "rewind", "approve", "local-setup" })]
    [InlineData("sync", new[] { "sync" }, new[] { "--wait", "--plan", "--full", "--changes-only", "--json" })]
    [InlineData("status", new[] { "status" }, new[] { "--json", "queue", "--verbose", "--stack", "/<name>/pipeline/settings" })]
    [InlineData("audit", new[] { "audit" }, new[] { "--json", "--fail-on-orphans", "never suspends" })]
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
    [InlineData("rewind-both", new[] { "rewind", "--since", "2026-01-01T00:00:00Z", "--days", "3" }, "Give exactly one of --since <ISO-8601> or --days <N>. See `pipeline rewind --help`.")]
    [InlineData("rewind-neither", new[] { "rewind" }, "exactly one of --since")]
    [InlineData("rewind-negative-days", new[] { "rewind", "--days", "-2" }, "--days must be a whole number from 0 to 3650, not '-2'.")]
    [InlineData("rewind-huge-days", new[] { "rewind", "--days", "99999999999" }, "--days must be a whole number from 0 to 3650, not '99999999999'.")]
    [InlineData("rewind-bad-date", new[] { "rewind", "--since", "yesterday" }, "--since must be an ISO-8601 date and time such as 2026-11-20T00:00:00Z, not 'yesterday'.")]
    [InlineData("rewind-impossible-date", new[] { "rewind", "--since", "2026-13-45" }, "--since must be an ISO-8601 date and time such as 2026-11-20T00:00:00Z, not '2026-13-45'.")]
    [InlineData("rewind-future", new[] { "rewind", "--since", "2999-01-01T00:00:00Z" }, "--since must not be in the future (2999-01-01T00:00:00Z) unless --force. See `pipeline rewind --help`.")]
    [InlineData("rewind-no-offset", new[] { "rewind", "--since", "2026-11-20T00:00:00" }, "--since needs an offset (Z for UTC, or e.g. +01:00), not '2026-11-20T00:00:00'")]
    [InlineData("rewind-date-only", new[] { "rewind", "--since", "2026-11-20" }, "--since needs an offset (Z for UTC, or e.g. +01:00), not '2026-11-20'")]
    [InlineData("dlq-peek-max-0", new[] { "dlq", "peek", "--max", "0" }, "--max must be a whole number from 1 to 10000, not '0'.")]
    [InlineData("dlq-peek-max-abc", new[] { "dlq", "peek", "--max", "abc" }, "--max must be a whole number from 1 to 10000, not 'abc'. See `pipeline dlq peek --help`.")]
    [InlineData("dlq-replay-max-abc", new[] { "dlq", "replay", "--max", "abc" }, "--max must be a whole number from 1 to 10000, not 'abc'.")]
    [InlineData("dlq-replay-empty-employee", new[] { "dlq", "replay", "--employee", "" }, "--employee must not be empty.")]
    [InlineData("dlq-no-subcommand", new[] { "dlq" }, "`pipeline dlq` needs a command: peek, replay. See `pipeline dlq --help`.")]
    [InlineData("dlq-typo", new[] { "dlq", "peak" }, "'peak' is not a command of `pipeline dlq`; did you mean 'peek'?")]
    [InlineData("sync-wait-abc", new[] { "sync", "--wait", "abc" }, "--wait must be a duration such as 90s, 30m, 2h or 00:30:00, not 'abc'.")]
    [InlineData("sync-wait-overflow", new[] { "sync", "--wait", "1e400s" }, "--wait must be a duration such as 90s, 30m, 2h or 00:30:00, not '1e400s'.")]
    [InlineData("sync-wait-missing", new[] { "sync", "--wait" }, "--wait needs a value. See `pipeline sync --help`.")]
    [InlineData("sync-option-typo", new[] { "sync", "--waitt", "5m" }, "`pipeline sync` has no option '--waitt'; did you mean '--wait'? See `pipeline sync --help`.")]
    [InlineData("sync-extra-argument", new[] { "sync", "now" }, "`pipeline sync` takes no argument 'now'.")]
    [InlineData("sync-full-and-changes-only", new[] { "sync", "--full", "--changes-only" }, "Give at most one of --full or --changes-only. See `pipeline sync --help`.")]
    [InlineData("sync-plan-full-and-changes-only", new[] { "sync", "--plan", "--full", "--changes-only" }, "Give at most one of --full or --changes-only.")]
    [InlineData("local-setup-max-receive", new[] { "local-setup", "--max-receive-count", "0" }, "--max-receive-count must be a whole number from 1 to 1000, not '0'.")]
    [InlineData("local-setup-prefix", new[] { "local-setup", "--prefix", "my queue" }, "--prefix must be 1 to 76 letters, digits, '-' or '_', not 'my queue'.")]
    [InlineData("unknown-command", new[] { "synk" }, "'synk' is not a command of `pipeline`; did you mean 'sync'? See `pipeline --help`.")]
    [InlineData("unknown-command-far", new[] { "frobnicate" }, "'frobnicate' is not a command of `pipeline`. See `pipeline --help`.")]
    [InlineData("audit-extra-argument", new[] { "audit", "all" }, "`pipeline audit` takes no argument 'all'.")]
    [InlineData("no-command", new string[] { }, "`pipeline` needs a command: sync, status, audit, dlq, rewind, approve, local-setup.")]
    [InlineData("stack-sync-without-plan", new[] { "--stack", "acme-sync", "sync" }, "--stack runs only `sync --plan` from a laptop")]
    [InlineData("stack-local-setup", new[] { "local-setup", "--stack", "acme-sync" }, "local-setup creates the local emulators' queue and table; it takes no --stack.")]
    [InlineData("stack-not-a-name", new[] { "--stack", "Acme/Prod", "status" }, "--stack 'Acme/Prod' cannot name a stack: give the Terraform `project` of the deployment")]
    public async Task Bad_arguments_are_refused_in_one_line_naming_them_with_exit_2(string name, string[] args, string message)
    {
        var run = (await PipelineProcess.RunAsync(NoEnvironment, args)).Sample("bad-args-" + name);

        AssertOneErrorLine(run, message);
    }

    [Theory]
    [InlineData("sync-unconfigured", new[] { "sync" }, new string[] { }, new[] { "configuration is incomplete: set ", "Queue__QueueUrl", "Queue__DeadLetterQueueUrl", "BambooHr__BaseUrl", "BambooHr__ApiKey" })]
    [InlineData("sync-plan-unconfigured", new[] { "sync", "--plan" }, new string[] { }, new[] { "configuration is incomplete: set ", "BambooHr__BaseUrl", "Moodle__BaseUrl" })]
    [InlineData("audit-unconfigured", new[] { "audit" }, new string[] { }, new[] { "configuration is incomplete: set ", "BambooHr__BaseUrl", "Moodle__BaseUrl" })]
    [InlineData("status-unconfigured", new[] { "status" }, new string[] { }, new[] { "configuration is incomplete: set Queue__QueueUrl, Queue__DeadLetterQueueUrl " })]
    [InlineData("bad-url", new[] { "dlq", "peek" }, new[] { "Queue__QueueUrl=queue", "Queue__DeadLetterQueueUrl=http://localhost:1/dlq" }, new[] { "configuration is invalid: ", "Queue__QueueUrl" })]
    [InlineData("bad-duration", new[] { "status" }, new[] { "Sync__Wait=abc" }, new[] { "Sync__Wait must be a duration such as 00:30:00, not 'abc'" })]
    [InlineData("bad-poll-interval", new[] { "status" }, new[] { "Sync__PollInterval=00:00:00" }, new[] { "Sync__PollInterval must be from " })]
    [InlineData("bad-number", new[] { "status" }, new[] { "Sync__PublishParallelism=99" }, new[] { "Sync__PublishParallelism must be between 1 and 16" })]
    [InlineData("bad-suspend-limit", new[] { "status" }, new[] { "Sync__SuspendLimitPercent=150" }, new[] { "Sync__SuspendLimitPercent must be between 0 and 100" })]
    [InlineData("bad-endpoint", new[] { "status" }, new[] { "AWS_ENDPOINT_URL_SQS=localhost:4566" }, new[] { "AWS_ENDPOINT_URL_SQS must be an absolute http(s) URL", "not 'localhost:4566'" })]
    [InlineData("bad-endpoint-local-setup", new[] { "local-setup" }, new[] { "AWS_ENDPOINT_URL_SQS=http://127.0.0.1:4566", "AWS_ENDPOINT_URL_DYNAMODB=4567" }, new[] { "AWS_ENDPOINT_URL_DYNAMODB must be an absolute http(s) URL" })]
    [InlineData("bad-log-level", new[] { "status" }, new[] { "Logging__LogLevel__Default=loud" }, new[] { "Logging__LogLevel__Default must be a log level", "not 'loud'" })]
    public async Task A_missing_or_bad_setting_is_named_in_one_line_with_exit_2(string name, string[] args, string[] settings, string[] expected)
    {
        var environment = new Dictionary<string, string?> { ["AWS_REGION"] = "eu-west-2" };
        foreach (var setting in settings)
        {
            var at = setting.IndexOf('=', StringComparison.Ordinal);
            environment[setting[..at]] = setting[(at + 1)..];
        }

        var run = (await PipelineProcess.RunAsync(environment, args)).Sample("config-" + name);

        foreach (var text in expected)
        {
            AssertOneErrorLine(run, text);
        }
    }

    [Fact]
    public async Task Without_a_region_or_credentials_the_cli_says_which_to_set_with_exit_2()
    {
        // Nowhere to find them: no profile files, no instance metadata (which would otherwise be asked over the network).
        var nowhere = Path.Combine(Path.GetTempPath(), "pipeline-no-aws-" + Guid.NewGuid().ToString("N"));
        var environment = new Dictionary<string, string?>
        {
            ["HOME"] = nowhere,
            ["AWS_CONFIG_FILE"] = Path.Combine(nowhere, "config"),
            ["AWS_SHARED_CREDENTIALS_FILE"] = Path.Combine(nowhere, "credentials"),
            ["AWS_EC2_METADATA_DISABLED"] = "true",
            ["Queue__QueueUrl"] = "https://sqs.eu-west-2.amazonaws.com/000000000000/nowhere",
            ["Queue__DeadLetterQueueUrl"] = "https://sqs.eu-west-2.amazonaws.com/000000000000/nowhere-dlq",
        };

        var noRegion = (await PipelineProcess.RunAsync(environment, "dlq", "peek")).Sample("config-no-region");
        AssertOneErrorLine(noRegion, "configuration is incomplete: set AWS_REGION");

        environment["AWS_REGION"] = "eu-west-2";
        var noCredentials = (await PipelineProcess.RunAsync(environment, "dlq", "peek")).Sample("config-no-credentials");
        AssertOneErrorLine(noCredentials, "no AWS credentials were found: set AWS_PROFILE, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY");
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

    /// <summary>Exit 2, and stderr is one line: "error: ", the message, no stack trace.</summary>
    private static void AssertOneErrorLine(CliRun run, string message)
    {
        Assert.True(run.ExitCode == 2, run.ToString());
        var line = Assert.Single(run.StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("error: ", line, StringComparison.Ordinal);
        Assert.Contains(message, line, StringComparison.Ordinal);
        Assert.Equal(string.Empty, run.StdOut);
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
