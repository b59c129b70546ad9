using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;

namespace Pipeline.BambooHr;

public static class BambooHrServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="IBambooHrClient"/> from section "BambooHr" (validated at start), over
    /// IHttpClientFactory with retries that honour Retry-After on 429/503, exponential backoff with
    /// jitter otherwise, and a per-attempt timeout.
    /// </summary>
    public static IServiceCollection AddBambooHrClient(this IServiceCollection services, IConfiguration config)
    {
        ArgumentNullException.ThrowIfNull(config);
        services.AddOptions<BambooHrOptions>()
            .Bind(config.GetSection(BambooHrOptions.SectionName))
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<BambooHrOptions>, BambooHrOptionsValidator>());

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
                var logger = context.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger("Pipeline.BambooHr.Retry");
                var attempts = options.MaxAttempts;
                builder.AddTimeout(TimeSpan.FromTicks(options.Timeout.Ticks * attempts) + TimeSpan.FromMinutes(5));
                builder.AddRetry(new HttpRetryStrategyOptions
                {
                    MaxRetryAttempts = Math.Max(1, attempts - 1),
                    BackoffType = DelayBackoffType.Exponential,
                    UseJitter = true,
                    Delay = options.RetryBaseDelay,
                    MaxDelay = TimeSpan.FromMinutes(2),
                    ShouldRetryAfterHeader = true,
                    ShouldHandle = args => ValueTask.FromResult(attempts > 1 && HttpClientResiliencePredicates.IsTransient(args.Outcome)),
                    OnRetry = args =>
                    {
                        var outcome = args.Outcome.Result is { } r ? ((int)r.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture)
                            : args.Outcome.Exception?.GetType().Name ?? "unknown";
                        Log.Retrying(logger, outcome, args.AttemptNumber + 1, args.RetryDelay.TotalMilliseconds);
                        return default;
                    },
                });
                builder.AddTimeout(options.Timeout);
            });

        return services;
    }
}
