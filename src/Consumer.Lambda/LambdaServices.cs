using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Pipeline.Consumer.Lambda;

public static class LambdaServices
{
    /// <summary>The consumer's services plus the Lambda host's options: what an execution environment builds on cold start.</summary>
    public static IHostApplicationBuilder AddConsumerLambda(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddConsumer();
        builder.Services.AddOptions<LambdaOptions>().Bind(builder.Configuration.GetSection("Consumer")).ValidateOnStart();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<LambdaOptions>, LambdaOptionsValidator>());
        return builder;
    }
}
