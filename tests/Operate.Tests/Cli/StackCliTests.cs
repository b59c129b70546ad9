using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Pipeline.Producer.Sync;
using Pipeline.TestSupport;
using Pipeline.TestSupport.Pipeline;

namespace Pipeline.Operate.Tests.Cli;

/// <summary>
/// `pipeline --stack &lt;name&gt;` as an operator runs it: a real process whose AWS SDK reads the settings parameter over
/// HTTP (AWS_ENDPOINT_URL_SSM) from a stand-in that answers SSM's GetParameter only, then talks to the emulators'
/// queue and table with no queue, table or secret setting of its own.
/// </summary>
public sealed class StackCliTests(EmulatorFixture emulators) : IClassFixture<EmulatorFixture>
{
    [Fact]
    public async Task Status_dlq_peek_and_rewind_run_from_the_stack_name_alone_without_secrets()
    {
        await using var stack = await PipelineStack.StartAsync(emulators, o => o.Prefix = "cli-stack");
        var settings = stack.Settings;
        var parameter = JsonSerializer.Serialize(new Dictionary<string, string?>
        {
            ["stack"] = "acme-sync",
            ["region"] = EmulatorFixture.Region,
            ["queue_url"] = settings["Queue:QueueUrl"],
            ["dlq_url"] = settings["Queue:DeadLetterQueueUrl"],
            ["state_table_name"] = settings["State:TableName"],
            ["moodle_base_url"] = "https://learn.example.com/",
            ["bamboohr_base_url"] = "https://api.bamboohr.com/api/gateway.php/acme/",
            ["secret_arn"] = "arn:aws:secretsmanager:eu-west-2:123456789012:secret:acme-sync/credentials-AbCdEf",
        });
        using var ssm = SsmStandIn.Start(new Dictionary<string, string> { ["/acme-sync/pipeline/settings"] = parameter });
        var env = WithoutPipelineSettings(stack.EnvironmentVariables());
        env["AWS_ENDPOINT_URL_SSM"] = ssm.Url;

        var status = (await PipelineProcess.RunAsync(env, "--stack", "acme-sync", "status", "--json")).Sample("stack-status-json");
        Assert.True(status.ExitCode == 0, status.ToString());
        using (var doc = JsonDocument.Parse(status.StdOut))
        {
            Assert.Equal(0, doc.RootElement.GetProperty("main_queue").GetProperty("visible").GetInt32());
        }

        var peek = await PipelineProcess.RunAsync(env, "dlq", "peek", "--stack", "acme-sync");
        Assert.True(peek.ExitCode == 0, peek.ToString());

        var rewind = await PipelineProcess.RunAsync(env, "--stack", "acme-sync", "rewind", "--days", "2", "--json");
        Assert.True(rewind.ExitCode == 0, rewind.ToString());
        using (var doc = JsonDocument.Parse(rewind.StdOut))
        {
            Assert.True(doc.RootElement.GetProperty("applied").GetBoolean(), rewind.StdOut);
        }

        // The rewind reached the stack's own table: the one the parameter named, not a setting of the process.
        Assert.NotNull((await stack.RunState.GetStateAsync(CancellationToken.None)).Watermark);
        Assert.Equal(["/acme-sync/pipeline/settings"], ssm.Requested.Distinct());

        // A command that reads BambooHR names the secret it lacks, and where it is.
        var plan = await PipelineProcess.RunAsync(env, "--stack", "acme-sync", "sync", "--plan");
        Assert.True(plan.ExitCode == ExitCodes.BadArguments, plan.ToString());
        Assert.Contains("BambooHr__ApiKey", plan.StdErr, StringComparison.Ordinal);
        Assert.Contains("secret:acme-sync/credentials-AbCdEf", plan.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_stack_is_one_line_naming_the_parameter_with_exit_2()
    {
        using var ssm = SsmStandIn.Start(new Dictionary<string, string>());
        var env = new Dictionary<string, string?>
        {
            ["AWS_ENDPOINT_URL_SSM"] = ssm.Url,
            ["AWS_REGION"] = EmulatorFixture.Region,
            ["AWS_ACCESS_KEY_ID"] = "local",
            ["AWS_SECRET_ACCESS_KEY"] = "local",
        };

        var run = (await PipelineProcess.RunAsync(env, "--stack", "no-such-stack", "status")).Sample("stack-unknown");

        Assert.True(run.ExitCode == ExitCodes.BadArguments, run.ToString());
        var line = Assert.Single(run.StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("error: no stack 'no-such-stack' here: the SSM parameter /no-such-stack/pipeline/settings does not exist in eu-west-2.", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unreachable_SSM_is_one_line_naming_SSM_with_exit_1()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var closed = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        var env = new Dictionary<string, string?>
        {
            ["AWS_ENDPOINT_URL_SSM"] = $"http://127.0.0.1:{closed}",
            ["AWS_REGION"] = EmulatorFixture.Region,
            ["AWS_ACCESS_KEY_ID"] = "local",
            ["AWS_SECRET_ACCESS_KEY"] = "local",
        };

        var run = await PipelineProcess.RunAsync(env, "--stack", "acme-sync", "dlq", "peek");

        Assert.True(run.ExitCode == ExitCodes.Failed, run.ToString());
        var line = Assert.Single(run.StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("error: could not reach SSM to read the parameter /acme-sync/pipeline/settings: ", line, StringComparison.Ordinal);
    }

    private static Dictionary<string, string?> WithoutPipelineSettings(IReadOnlyDictionary<string, string?> env) =>
        env.Where(kv => !kv.Key.StartsWith("Queue__", StringComparison.OrdinalIgnoreCase)
                && !kv.Key.StartsWith("State__", StringComparison.OrdinalIgnoreCase)
                && !kv.Key.StartsWith("BambooHr__", StringComparison.OrdinalIgnoreCase)
                && !kv.Key.StartsWith("Moodle__", StringComparison.OrdinalIgnoreCase))
            .ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal);

    /// <summary>SSM's GetParameter over HTTP (the JSON 1.1 protocol the SDK speaks), nothing else: no SSM emulator runs here.</summary>
    private sealed class SsmStandIn : IDisposable
    {
        private readonly HttpListener _listener = new();
        private readonly IReadOnlyDictionary<string, string> _parameters;
        private readonly Task _serving;

        private SsmStandIn(IReadOnlyDictionary<string, string> parameters, int port)
        {
            _parameters = parameters;
            Url = $"http://127.0.0.1:{port}/";
            _listener.Prefixes.Add(Url);
            _listener.Start();
            _serving = Task.Run(ServeAsync);
        }

        public string Url { get; }

        public List<string> Requested { get; } = [];

        public static SsmStandIn Start(IReadOnlyDictionary<string, string> parameters)
        {
            using var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            var port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            return new SsmStandIn(parameters, port);
        }

        private async Task ServeAsync()
        {
            while (_listener.IsListening)
            {
                HttpListenerContext context;
                try
                {
                    context = await _listener.GetContextAsync().ConfigureAwait(false);
                }
                catch (Exception) when (!_listener.IsListening)
                {
                    return;
                }

                using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
                var body = await reader.ReadToEndAsync().ConfigureAwait(false);
                var target = context.Request.Headers["X-Amz-Target"];
                string answer;
                if (target != "AmazonSSM.GetParameter")
                {
                    context.Response.StatusCode = 400;
                    answer = JsonSerializer.Serialize(new Dictionary<string, string> { ["__type"] = "InvalidAction", ["message"] = $"not served: {target}" });
                }
                else
                {
                    var name = JsonDocument.Parse(body).RootElement.GetProperty("Name").GetString()!;
                    lock (Requested)
                    {
                        Requested.Add(name);
                    }

                    if (_parameters.TryGetValue(name, out var value))
                    {
                        answer = JsonSerializer.Serialize(new Dictionary<string, Dictionary<string, string>>
                        {
                            ["Parameter"] = new() { ["Name"] = name, ["Type"] = "String", ["Value"] = value },
                        });
                    }
                    else
                    {
                        context.Response.StatusCode = 400;
                        answer = JsonSerializer.Serialize(new Dictionary<string, string> { ["__type"] = "ParameterNotFound", ["message"] = "" });
                    }
                }

                context.Response.ContentType = "application/x-amz-json-1.1";
                var bytes = Encoding.UTF8.GetBytes(answer);
                await context.Response.OutputStream.WriteAsync(bytes).ConfigureAwait(false);
                context.Response.Close();
            }
        }

        public void Dispose()
        {
            _listener.Stop();
            _listener.Close();
            _serving.Wait(TimeSpan.FromSeconds(5));
        }
    }
}
