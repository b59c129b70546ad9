using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Pipeline.Resilience;

namespace Pipeline.State;

public static class StateServiceCollectionExtensions
{
    /// <summary>
    /// Binds and validates the "State" section at start, and registers the stores.
    /// The host registers <see cref="Amazon.DynamoDBv2.IAmazonDynamoDB"/> (region, endpoint and credentials are its concern).
    /// </summary>
    public static IServiceCollection AddPipelineState(this IServiceCollection services, IConfiguration config)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(config);

        services.AddOptions<StateOptions>()
            .Bind(config.GetSection(StateOptions.SectionName))
            .ValidateOnStart();

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<StateOptions>, StateOptionsValidator>());
        services.AddRetryOptions(config);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IRunStateStore, DynamoRunStateStore>();
        services.TryAddSingleton<IOutcomeStore, DynamoOutcomeStore>();
        services.TryAddSingleton<IIdempotencyLedger, DynamoIdempotencyLedger>();
        services.TryAddSingleton<IDueStore, DynamoDueStore>();
        services.TryAddSingleton<IConsumerStateStore, DynamoConsumerStateStore>();
        return services;
    }
}
