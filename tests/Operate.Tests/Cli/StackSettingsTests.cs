using System.Net;
using Amazon;
using Amazon.Runtime;
using Amazon.SimpleSystemsManagement;
using Amazon.SimpleSystemsManagement.Model;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Pipeline.Producer;
using Pipeline.Producer.Cli;
using Pipeline.Producer.Sync;
using Pipeline.Queue;
using Pipeline.State;

namespace Pipeline.Operate.Tests.Cli;

/// <summary>
/// `pipeline --stack &lt;name&gt;`: the SSM parameter Terraform writes (deploy/terraform/settings.tf), read and mapped onto
/// the configuration keys the commands use. No SSM emulator runs here, so the client call is tested against a mocked
/// SSM client (named so); the parameter's keys are asserted on the Terraform side by deploy/test.sh.
/// </summary>
public sealed class StackSettingsTests
{
    private const string Parameter = "/acme-sync/pipeline/settings";

    // What settings.tf writes, key for key (jsonencode sorts the keys; order does not matter here).
    private const string Written = """
        {"bamboohr_base_url":"https://api.bamboohr.com/api/gateway.php/acme/","dlq_url":"https://sqs.eu-west-2.amazonaws.com/123456789012/acme-sync-changes-dlq",
         "moodle_base_url":"https://learn.example.com/","queue_url":"https://sqs.eu-west-2.amazonaws.com/123456789012/acme-sync-changes","region":"eu-west-2",
         "secret_arn":"arn:aws:secretsmanager:eu-west-2:123456789012:secret:acme-sync/credentials-AbCdEf","stack":"acme-sync","state_table_name":"acme-sync-state"}
        """;

    [Fact]
    public void The_parameter_maps_onto_the_configuration_keys_the_commands_read()
    {
        var settings = StackSettings.Parse(Written, Parameter);

        var config = settings.ToConfiguration();
        Assert.Equal("https://sqs.eu-west-2.amazonaws.com/123456789012/acme-sync-changes", config["Queue:QueueUrl"]);
        Assert.Equal("https://sqs.eu-west-2.amazonaws.com/123456789012/acme-sync-changes-dlq", config["Queue:DeadLetterQueueUrl"]);
        Assert.Equal("acme-sync-state", config["State:TableName"]);
        Assert.Equal("eu-west-2", config["AWS_REGION"]);
        Assert.Equal("https://learn.example.com/", config["Moodle:BaseUrl"]);
        Assert.Equal("https://api.bamboohr.com/api/gateway.php/acme/", config["BambooHr:BaseUrl"]);
        Assert.Equal("arn:aws:secretsmanager:eu-west-2:123456789012:secret:acme-sync/credentials-AbCdEf", settings.SecretArn);
        // No secret value is in the parameter, so none reaches the configuration from it.
        Assert.DoesNotContain(config.Keys, k => k.Contains("ApiKey", StringComparison.OrdinalIgnoreCase) || k.Contains("Token", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void Base_urls_and_the_secret_are_optional_and_leave_their_keys_unset()
    {
        var settings = StackSettings.Parse(
            """{"stack":"acme-sync","region":"eu-west-2","queue_url":"https://q","dlq_url":"https://d","state_table_name":"t","bamboohr_base_url":""}""", Parameter);

        var config = settings.ToConfiguration();
        Assert.False(config.ContainsKey("Moodle:BaseUrl"));
        Assert.False(config.ContainsKey("BambooHr:BaseUrl"));
        Assert.Null(settings.SecretArn);
    }

    [Theory]
    [InlineData("""{"stack":"acme-sync","region":"eu-west-2","dlq_url":"https://d","state_table_name":"t"}""", "has no value for \"queue_url\"")]
    [InlineData("""{"stack":"acme-sync","region":"eu-west-2","queue_url":"https://q","dlq_url":"https://d","state_table_name":" "}""", "has no value for \"state_table_name\"")]
    [InlineData("""{"stack":"acme-sync","region":7,"queue_url":"https://q","dlq_url":"https://d","state_table_name":"t"}""", "has a Number for \"region\"")]
    [InlineData("""["not", "an", "object"]""", "is not a JSON object")]
    [InlineData("queue_url=https://q", "is not JSON")]
    public void A_parameter_without_what_the_commands_need_is_exit_2_naming_the_parameter_and_the_key(string json, string expected)
    {
        var ex = Assert.Throws<StackSettingsException>(() => StackSettings.Parse(json, Parameter));

        Assert.Equal(ExitCodes.BadArguments, ex.ExitCode);
        Assert.Contains(Parameter, ex.Message, StringComparison.Ordinal);
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
        Assert.Contains("terraform apply", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reads_the_stacks_parameter_by_name_with_a_mocked_SSM_client()
    {
        using var ssm = new MockedSsmClient(name => name == Parameter ? Written : throw new ParameterNotFoundException($"{name} not found"));

        var settings = await StackSettingsReader.ReadAsync("acme-sync", () => ssm, CancellationToken.None);

        Assert.Equal([Parameter], ssm.Requested);
        Assert.Equal("acme-sync-state", settings.StateTableName);
        Assert.Equal("acme-sync", settings.Stack);
    }

    [Fact]
    public async Task An_unknown_stack_is_exit_2_naming_the_parameter_and_what_to_do_with_a_mocked_SSM_client()
    {
        using var ssm = new MockedSsmClient(name => throw new ParameterNotFoundException($"{name} not found"));

        var ex = await Assert.ThrowsAsync<StackSettingsException>(() => StackSettingsReader.ReadAsync("no-such-stack", () => ssm, CancellationToken.None));

        Assert.Equal(ExitCodes.BadArguments, ex.ExitCode);
        Assert.Contains("/no-such-stack/pipeline/settings does not exist in eu-west-2", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Check --stack", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', ex.Message);
    }

    [Fact]
    public async Task Access_denied_is_exit_1_naming_the_permission_with_a_mocked_SSM_client()
    {
        using var ssm = new MockedSsmClient(_ => throw new AmazonSimpleSystemsManagementException("User is not authorized to perform: ssm:GetParameter")
        {
            ErrorCode = "AccessDeniedException",
            StatusCode = HttpStatusCode.BadRequest,
        });

        var ex = await Assert.ThrowsAsync<StackSettingsException>(() => StackSettingsReader.ReadAsync("acme-sync", () => ssm, CancellationToken.None));

        Assert.Equal(ExitCodes.Failed, ex.ExitCode);
        Assert.Contains("AccessDeniedException", ex.Message, StringComparison.Ordinal);
        Assert.Contains("ssm:GetParameter", ex.Message, StringComparison.Ordinal);
        Assert.Contains(Parameter, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_parameter_that_names_another_stack_is_refused_with_a_mocked_SSM_client()
    {
        using var ssm = new MockedSsmClient(_ => Written.Replace("\"stack\":\"acme-sync\"", "\"stack\":\"other-sync\"", StringComparison.Ordinal));

        var ex = await Assert.ThrowsAsync<StackSettingsException>(() => StackSettingsReader.ReadAsync("acme-sync", () => ssm, CancellationToken.None));

        Assert.Equal(ExitCodes.BadArguments, ex.ExitCode);
        Assert.Contains("'other-sync', not 'acme-sync'", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Acme")]
    [InlineData("a/b")]
    [InlineData("../x")]
    public async Task A_name_terraform_would_refuse_is_exit_2_before_any_AWS_call(string stack)
    {
        using var ssm = new MockedSsmClient(_ => Written);

        var ex = await Assert.ThrowsAsync<StackSettingsException>(() => StackSettingsReader.ReadAsync(stack, () => ssm, CancellationToken.None));

        Assert.Equal(ExitCodes.BadArguments, ex.ExitCode);
        Assert.Empty(ssm.Requested);
    }

    [Fact]
    public async Task Status_dlq_and_rewind_start_from_the_stacks_settings_without_any_secret()
    {
        var settings = StackSettings.Parse(Written, Parameter);

        // Needs.State | Needs.Queue is status; dlq peek is Queue, rewind State: a start validates every options type they bind.
        using var host = ProducerHost.Build(Needs.State | Needs.Queue, null, b =>
        {
            b.Configuration["BambooHr:ApiKey"] = null;
            b.Configuration["Moodle:Token"] = null;
            StackConfiguration.Apply(b, settings, Needs.State | Needs.Queue);
        });
        await host.StartAsync();
        try
        {
            Assert.Equal(settings.QueueUrl, host.Services.GetRequiredService<IOptions<QueueOptions>>().Value.QueueUrl);
            Assert.Equal(settings.DeadLetterQueueUrl, host.Services.GetRequiredService<IOptions<QueueOptions>>().Value.DeadLetterQueueUrl);
            Assert.Equal("acme-sync-state", host.Services.GetRequiredService<IOptions<StateOptions>>().Value.TableName);
        }
        finally
        {
            await host.StopAsync();
        }
    }

    [Fact]
    public void A_command_that_reads_BambooHR_or_Moodle_names_the_missing_secrets_and_where_they_are()
    {
        var settings = StackSettings.Parse(Written, Parameter);

        var ex = Assert.Throws<StackSettingsException>(() => ProducerHost.Build(Needs.State | Needs.BambooHr | Needs.Moodle, null, b =>
        {
            b.Configuration["BambooHr:ApiKey"] = null;
            b.Configuration["Moodle:Token"] = null;
            StackConfiguration.Apply(b, settings, Needs.State | Needs.BambooHr | Needs.Moodle);
        }).Dispose());

        Assert.Equal(ExitCodes.BadArguments, ex.ExitCode);
        Assert.Contains("BambooHr__ApiKey", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Moodle__Token", ex.Message, StringComparison.Ordinal);
        Assert.Contains(settings.SecretArn!, ex.Message, StringComparison.Ordinal);
    }

    /// <summary>A mocked SSM client: nothing can serve the SSM API here (the local emulators are SQS and DynamoDB only).</summary>
    private sealed class MockedSsmClient(Func<string, string> answer)
        : AmazonSimpleSystemsManagementClient(new BasicAWSCredentials("mock", "mock"), RegionEndpoint.EUWest2)
    {
        public List<string> Requested { get; } = [];

        public override Task<GetParameterResponse> GetParameterAsync(GetParameterRequest request, CancellationToken cancellationToken = default)
        {
            Requested.Add(request.Name);
            return Task.FromResult(new GetParameterResponse { Parameter = new Parameter { Name = request.Name, Value = answer(request.Name), Type = ParameterType.String } });
        }
    }
}
