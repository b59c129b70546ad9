using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Pipeline.Consumer.Handling;
using Pipeline.Domain;
using Pipeline.Moodle;
using Pipeline.Queue;
using Pipeline.ServiceDefaults;
using Pipeline.State;

namespace Pipeline.Consumer;

/// <summary>The consumer's services, shared by the worker host and the Lambda entry point.</summary>
public static class ConsumerServices
{
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
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<EmployeeBatchHandler>();
        return builder;
    }
}
