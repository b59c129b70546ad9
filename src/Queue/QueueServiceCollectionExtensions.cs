using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Pipeline.Resilience;

namespace Pipeline.Queue;

public static class QueueServiceCollectionExtensions
{
    /// <summary>
    /// Registers the publisher, depth reader and DLQ over the "Queue" section (validated at start).
    /// The host registers <see cref="Amazon.SQS.IAmazonSQS"/>, so it alone decides region, endpoint and credentials.
    /// </summary>
    public static IServiceCollection AddPipelineQueue(this IServiceCollection services, IConfiguration config)
    {
        ArgumentNullException.ThrowIfNull(config);
        services.AddOptions<QueueOptions>()
            .Bind(config.GetSection(QueueOptions.SectionName))
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<QueueOptions>, QueueOptionsValidator>());
        services.AddRetryOptions(config);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IQueuePublisher, SqsQueuePublisher>();
        services.TryAddSingleton<IQueueDepth, SqsQueueDepth>();
        services.TryAddSingleton<IDeadLetterQueue, SqsDeadLetterQueue>();
        return services;
    }
}
