using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Pipeline.Resilience;
using Polly;

namespace Pipeline.Moodle;

/// <summary>Registration of <see cref="IMoodleClient"/>: validated options, a typed HttpClient, retries (Retry:Moodle) for reads only.</summary>
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
        services.AddRetryOptions(config);

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
                var retry = context.ServiceProvider.GetRequiredService<IOptions<RetryOptions>>().Value.Moodle;
                builder.AddHttpRetry(retry, TimeProvider.System, applies: IsRead);
                builder.AddTimeout(o.Timeout);
            });
        return services;
    }

    private static bool IsRead(ResilienceContext context) =>
        context.GetRequestMessage() is { } request && request.Options.TryGetValue(IsReadKey, out var read) && read;
}
