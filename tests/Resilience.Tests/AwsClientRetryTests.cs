using Amazon.DynamoDBv2;
using Amazon.Runtime;
using Amazon.SQS;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Pipeline.ServiceDefaults;

namespace Pipeline.Resilience.Tests;

/// <summary>Every host makes its SQS and DynamoDB clients in one place, which applies section Retry:Aws to both.</summary>
public sealed class AwsClientRetryTests
{
    // The SDK refuses to make a client without a region, which the registration reads from AWS_REGION as the hosts do.
    // Only this test assembly's process sees it, and nothing else here reads it.
    public AwsClientRetryTests()
    {
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable("AWS_REGION")))
        {
            Environment.SetEnvironmentVariable("AWS_REGION", "eu-west-2");
        }
    }

    [Fact]
    public void Without_settings_the_clients_retry_in_Standard_mode_with_five_attempts()
    {
        using var host = Build([]);

        Assert.Equal((RequestRetryMode.Standard, 4), Retries(host.Services.GetRequiredService<IAmazonSQS>()));
        Assert.Equal((RequestRetryMode.Standard, 4), Retries(host.Services.GetRequiredService<IAmazonDynamoDB>()));
    }

    [Fact]
    public void The_configured_retry_mode_and_attempts_reach_both_clients()
    {
        using var host = Build(["--Retry:Aws:Mode=Adaptive", "--Retry:Aws:MaxAttempts=3"]);

        Assert.Equal((RequestRetryMode.Adaptive, 2), Retries(host.Services.GetRequiredService<IAmazonSQS>()));
        Assert.Equal((RequestRetryMode.Adaptive, 2), Retries(host.Services.GetRequiredService<IAmazonDynamoDB>()));
    }

    [Fact]
    public void Clients_made_without_a_host_get_the_sections_defaults()
    {
        using var sqs = AwsClientRegistration.CreateSqs();
        using var dynamo = AwsClientRegistration.CreateDynamoDb(new AwsRetryOptions { Mode = AwsRetryMode.Adaptive, MaxAttempts = 2 });

        Assert.Equal((RequestRetryMode.Standard, 4), Retries(sqs));
        Assert.Equal((RequestRetryMode.Adaptive, 1), Retries(dynamo));
    }

    private static (RequestRetryMode Mode, int MaxErrorRetry) Retries(IAmazonService client) =>
        (client.Config.RetryMode, client.Config.MaxErrorRetry);

    private static IHost Build(string[] args)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = args, DisableDefaults = true });
        builder.AddPipelineDefaults("retry-test");
        return builder.Build();
    }
}
