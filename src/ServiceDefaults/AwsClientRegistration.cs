using Amazon;
using Amazon.DynamoDBv2;
using Amazon.Runtime;
using Amazon.SQS;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Pipeline.Resilience;

namespace Pipeline.ServiceDefaults;

/// <summary>
/// SQS and DynamoDB clients configured from the AWS SDK's own variables. AWS_ENDPOINT_URL_SQS and
/// AWS_ENDPOINT_URL_DYNAMODB point them at the local emulators; on AWS they are unset. The one place the SDK's retry
/// mode and attempts are set (section Retry:Aws): every client the pipeline uses is made here.
/// </summary>
public static class AwsClientRegistration
{
    public static IServiceCollection AddPipelineAwsClients(this IServiceCollection services, IConfiguration config)
    {
        services.AddRetryOptions(config);
        services.AddSingleton<IAmazonSQS>(sp => CreateSqs(sp.GetRequiredService<IOptions<RetryOptions>>().Value.Aws));
        services.AddSingleton<IAmazonDynamoDB>(sp => CreateDynamoDb(sp.GetRequiredService<IOptions<RetryOptions>>().Value.Aws));
        return services;
    }

    /// <param name="retry">The SDK's retries; the defaults of section Retry:Aws when null (tools without a host).</param>
    public static IAmazonSQS CreateSqs(AwsRetryOptions? retry = null)
    {
        var config = new AmazonSQSConfig();
        Apply(config, "AWS_ENDPOINT_URL_SQS", retry ?? new AwsRetryOptions());
        return new AmazonSQSClient(config);
    }

    /// <param name="retry">The SDK's retries; the defaults of section Retry:Aws when null (tools without a host).</param>
    public static IAmazonDynamoDB CreateDynamoDb(AwsRetryOptions? retry = null)
    {
        var config = new AmazonDynamoDBConfig();
        Apply(config, "AWS_ENDPOINT_URL_DYNAMODB", retry ?? new AwsRetryOptions());
        return new AmazonDynamoDBClient(config);
    }

    private static void Apply(ClientConfig config, string endpointVariable, AwsRetryOptions retry)
    {
        var region = Environment.GetEnvironmentVariable("AWS_REGION") ?? Environment.GetEnvironmentVariable("AWS_DEFAULT_REGION");
        if (!string.IsNullOrWhiteSpace(region))
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(region);
        }

        var endpoint = Environment.GetEnvironmentVariable(endpointVariable) ?? Environment.GetEnvironmentVariable("AWS_ENDPOINT_URL");
        if (!string.IsNullOrWhiteSpace(endpoint))
        {
            config.ServiceURL = endpoint;
            if (!string.IsNullOrWhiteSpace(region))
            {
                config.AuthenticationRegion = region;
            }
        }

        config.DefaultAWSCredentials = Credentials();

        // Fail fast: an unreachable AWS endpoint should surface in seconds, not after minutes of retries.
        config.Timeout = TimeSpan.FromSeconds(30);
        config.RetryMode = retry.Mode == AwsRetryMode.Adaptive ? RequestRetryMode.Adaptive : RequestRetryMode.Standard;
        config.MaxErrorRetry = retry.MaxAttempts - 1;
    }

    // On the emulators any credentials do; without them the SDK's default chain (env, profile, ECS/Lambda role) applies.
    private static BasicAWSCredentials? Credentials()
    {
        var endpoint = Environment.GetEnvironmentVariable("AWS_ENDPOINT_URL_SQS") ?? Environment.GetEnvironmentVariable("AWS_ENDPOINT_URL_DYNAMODB");
        var hasKeys = !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("AWS_ACCESS_KEY_ID"));
        return endpoint is not null && !hasKeys ? new BasicAWSCredentials("local", "local") : null;
    }
}
