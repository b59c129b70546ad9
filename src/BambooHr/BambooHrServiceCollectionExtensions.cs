using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Pipeline.Resilience;
using Polly;

namespace Pipeline.BambooHr;

public static class BambooHrServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="IBambooHrClient"/> from section "BambooHr" (validated at start), over
    /// IHttpClientFactory with the retries of section Retry:BambooHr (Retry-After honoured on 429/503, the rule's
    /// backoff otherwise), a per-attempt timeout and a total one.
    /// </summary>
    public static IServiceCollection AddBambooHrClient(this IServiceCollection services, IConfiguration config)
    {
        ArgumentNullException.ThrowIfNull(config);
        services.AddOptions<BambooHrOptions>()
            .Bind(config.GetSection(BambooHrOptions.SectionName))
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<BambooHrOptions>, BambooHrOptionsValidator>());
        services.AddRetryOptions(config);

        services.AddHttpClient<IBambooHrClient, BambooHrClient>((provider, http) =>
            {
                var options = provider.GetRequiredService<IOptions<BambooHrOptions>>().Value;
                var baseUrl = options.BaseUrl.EndsWith('/') ? options.BaseUrl : options.BaseUrl + "/";
                http.BaseAddress = new Uri(baseUrl, UriKind.Absolute);

                // The resilience pipeline owns timeouts: per attempt and in total.
                http.Timeout = Timeout.InfiniteTimeSpan;
                http.MaxResponseContentBufferSize = 256L * 1024 * 1024;
                http.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
                http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(
                    "Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(options.ApiKey + ":x")));
            })
            .AddResilienceHandler("bamboohr", (builder, context) =>
            {
                var options = context.ServiceProvider.GetRequiredService<IOptions<BambooHrOptions>>().Value;
                var retry = context.ServiceProvider.GetRequiredService<IOptions<RetryOptions>>().Value.BambooHr;
                var logger = context.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger("Pipeline.BambooHr.Retry");
                builder.AddTimeout(TimeSpan.FromTicks(options.Timeout.Ticks * retry.MaxAttempts) + TimeSpan.FromMinutes(5));
                builder.AddHttpRetry(retry, TimeProvider.System, onRetry: args =>
                {
                    var outcome = args.Outcome.Result is { } r ? ((int)r.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture)
                        : args.Outcome.Exception?.GetType().Name ?? "unknown";
                    Log.Retrying(logger, outcome, args.AttemptNumber + 1, args.RetryDelay.TotalMilliseconds);
                    return default;
                });
                builder.AddTimeout(options.Timeout);
            });

        return services;
    }
}
