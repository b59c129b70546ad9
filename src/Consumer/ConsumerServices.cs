using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Pipeline.Consumer.Handling;
using Pipeline.Consumer.Worker;
using Pipeline.Domain;
using Pipeline.Moodle;
using Pipeline.Queue;
using Pipeline.ServiceDefaults;
using Pipeline.State;

namespace Pipeline.Consumer;

/// <summary>The consumer's services, shared by the worker host and the Lambda host.</summary>
public static class ConsumerServices
{
    /// <summary>The batch handler (as <see cref="IBatchHandler"/>) and what it and the hosts need; no host.</summary>
    public static IHostApplicationBuilder AddConsumer(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddPipelineDefaults("pipeline-consumer");
        builder.Services.AddMoodleClient(builder.Configuration);
        builder.Services.AddPipelineState(builder.Configuration);
        builder.Services.AddPipelineQueue(builder.Configuration);
        builder.Services.AddMappingOptions(builder.Configuration);
        builder.Services.AddOptions<ConsumerOptions>().Bind(builder.Configuration.GetSection("Consumer")).ValidateOnStart();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ConsumerOptions>, ConsumerOptionsValidator>());
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<RetryDelay>();
        builder.Services.AddSingleton<QueueSettlement>();
        builder.Services.AddSingleton<IBatchHandler, EmployeeBatchHandler>();
        return builder;
    }

    /// <summary>
    /// The consumer as a long-polling worker (<see cref="SqsWorker"/>, a hosted service): what
    /// <c>Pipeline.Consumer.Worker</c> runs, and what tests start in-process.
    /// </summary>
    public static IHostApplicationBuilder AddConsumerWorker(this IHostApplicationBuilder builder)
    {
        builder.AddConsumer();
        builder.Services.AddOptions<WorkerOptions>().Bind(builder.Configuration.GetSection("Consumer"));
        builder.Services.AddSingleton<OutageGate>();
        builder.Services.AddHostedService<SqsWorker>();
        // SIGTERM: the worker stops receiving and finishes the batches in flight; give them time.
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(90));
        return builder;
    }
}
