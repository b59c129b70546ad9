using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Pipeline.Resilience;

public static class RetryServiceCollectionExtensions
{
    /// <summary>
    /// Binds section "Retry" and validates it at start. Every client library calls it (they are also used alone, in
    /// tests and tools); only the first call registers anything.
    /// </summary>
    public static IServiceCollection AddRetryOptions(this IServiceCollection services, IConfiguration config)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(config);
        if (services.Any(d => d.ServiceType == typeof(IValidateOptions<RetryOptions>)))
        {
            return services;
        }

        services.AddOptions<RetryOptions>()
            .Bind(config.GetSection(RetryOptions.SectionName))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<RetryOptions>>(new RetryOptionsValidator(config));
        return services;
    }
}
