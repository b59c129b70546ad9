using Amazon;
using Amazon.DynamoDBv2;
using Amazon.Runtime;
using Amazon.SQS;
using Microsoft.Extensions.DependencyInjection;

namespace Pipeline.ServiceDefaults;

/// <summary>
/// SQS and DynamoDB clients configured from the AWS SDK's own variables. AWS_ENDPOINT_URL_SQS and
/// AWS_ENDPOINT_URL_DYNAMODB point them at the local emulators; on AWS they are unset.
/// </summary>
public static class AwsClientRegistration
{
    public static IServiceCollection AddPipelineAwsClients(this IServiceCollection services)
    {
        services.AddSingleton<IAmazonSQS>(_ => CreateSqs());
        services.AddSingleton<IAmazonDynamoDB>(_ => CreateDynamoDb());
        return services;
    }

    public static IAmazonSQS CreateSqs()
    {
        var config = new AmazonSQSConfig();
        Apply(config, "AWS_ENDPOINT_URL_SQS");
        return new AmazonSQSClient(config);
    }

    public static IAmazonDynamoDB CreateDynamoDb()
    {
        var config = new AmazonDynamoDBConfig();
        Apply(config, "AWS_ENDPOINT_URL_DYNAMODB");
        return new AmazonDynamoDBClient(config);
    }

    private static void Apply(ClientConfig config, string endpointVariable)
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
        config.MaxErrorRetry = 4;
    }

    // On the emulators any credentials do; without them the SDK's default chain (env, profile, ECS/Lambda role) applies.
    private static BasicAWSCredentials? Credentials()
    {
        var endpoint = Environment.GetEnvironmentVariable("AWS_ENDPOINT_URL_SQS") ?? Environment.GetEnvironmentVariable("AWS_ENDPOINT_URL_DYNAMODB");
        var hasKeys = !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("AWS_ACCESS_KEY_ID"));
        return endpoint is not null && !hasKeys ? new BasicAWSCredentials("local", "local") : null;
    }
}
