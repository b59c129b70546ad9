using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;

namespace Pipeline.Moodle;

/// <summary>Registration of <see cref="IMoodleClient"/>: validated options, a typed HttpClient, retries for reads only.</summary>
public static class MoodleHttp
{
    internal static readonly HttpRequestOptionsKey<bool> IsReadKey = new("Pipeline.Moodle.IsRead");

    public static IServiceCollection AddMoodleClient(this IServiceCollection services, IConfiguration config)
    {
        ArgumentNullException.ThrowIfNull(config);
        services.AddOptions<MoodleOptions>()
            .Bind(config.GetSection(MoodleOptions.SectionName))
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<MoodleOptions>, MoodleOptionsValidator>());

        services.AddHttpClient<IMoodleClient, MoodleClient>((sp, http) =>
            {
                var o = sp.GetRequiredService<IOptions<MoodleOptions>>().Value;
                http.BaseAddress = new Uri(o.BaseUrl.EndsWith('/') ? o.BaseUrl : o.BaseUrl + "/");
                // The resilience pipeline owns timeouts (per attempt).
                http.Timeout = Timeout.InfiniteTimeSpan;
            })
            .AddResilienceHandler("moodle", (builder, context) =>
            {
                var o = context.ServiceProvider.GetRequiredService<IOptions<MoodleOptions>>().Value;
                if (o.MaxReadAttempts > 1)
                {
                    builder.AddRetry(new HttpRetryStrategyOptions
                    {
                        MaxRetryAttempts = o.MaxReadAttempts - 1,
                        BackoffType = DelayBackoffType.Exponential,
                        UseJitter = true,
                        Delay = o.RetryBaseDelay,
                        ShouldHandle = args => ValueTask.FromResult(IsRead(args.Context) && HttpClientResiliencePredicates.IsTransient(args.Outcome)),
                    });
                }

                builder.AddTimeout(o.Timeout);
            });
        return services;
    }

    private static bool IsRead(ResilienceContext context) =>
        context.GetRequestMessage() is { } request && request.Options.TryGetValue(IsReadKey, out var read) && read;
}
