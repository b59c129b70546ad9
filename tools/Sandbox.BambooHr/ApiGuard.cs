using System.Net.Http.Headers;
using System.Text;

namespace Pipeline.Sandbox.BambooHr;

/// <summary>
/// Everything BambooHR checks before it looks at a request, in its order: company, auth, rate limit,
/// availability, then content negotiation. Also adds the configured latency.
/// </summary>
internal sealed class ApiGuard(SandboxOptions options, FaultState faults, CallStats stats) : IEndpointFilter
{
    public const string HiddenFieldsItem = "sandbox.hiddenFields";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        stats.Record(http.GetEndpoint()?.Metadata.GetMetadata<StatsName>()?.Name ?? "unknown");

        var latency = faults.LatencyMs;
        if (latency > 0)
        {
            await Task.Delay(latency, http.RequestAborted).ConfigureAwait(false);
        }

        if (http.GetRouteValue("company") is string company && !string.Equals(company, options.Company, StringComparison.Ordinal))
        {
            return ApiErrors.Result(http, StatusCodes.Status404NotFound, $"Unknown company domain '{company}'.");
        }

        var key = ReadApiKey(http.Request);
        if (key is null)
        {
            http.Response.Headers.WWWAuthenticate = "Basic realm=\"api\"";
            return ApiErrors.Result(http, StatusCodes.Status401Unauthorized, "Your API key is missing.");
        }

        if (options.DeniedKeys.Contains(key))
        {
            return ApiErrors.Result(http, StatusCodes.Status403Forbidden, "Verify your API key belongs to an enabled user.");
        }

        string[] hidden;
        if (string.Equals(key, options.ApiKey, StringComparison.Ordinal))
        {
            hidden = [];
        }
        else if (!options.RestrictedKeys.TryGetValue(key, out hidden!))
        {
            http.Response.Headers.WWWAuthenticate = "Basic realm=\"api\"";
            return ApiErrors.Result(http, StatusCodes.Status401Unauthorized, "Invalid API key.");
        }

        http.Items[HiddenFieldsItem] = new HashSet<string>(hidden, StringComparer.Ordinal);

        if (faults.TryAcquire() is { } retryAfter)
        {
            return ApiErrors.Result(http, StatusCodes.Status429TooManyRequests, "Limit Exceeded.", retryAfter);
        }

        if (faults.ShouldFail503())
        {
            return ApiErrors.Result(http, StatusCodes.Status503ServiceUnavailable, "Service Unavailable.", 1);
        }

        if (!AcceptsJson(http.Request))
        {
            return ApiErrors.Result(
                http,
                StatusCodes.Status406NotAcceptable,
                "This sandbox only speaks JSON: send 'Accept: application/json'. Real BambooHR answers XML when Accept is missing.");
        }

        return await next(context).ConfigureAwait(false);
    }

    public static IReadOnlySet<string> HiddenFields(HttpContext http) =>
        http.Items[HiddenFieldsItem] as IReadOnlySet<string> ?? new HashSet<string>();

    private static string? ReadApiKey(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        if (!AuthenticationHeaderValue.TryParse(header, out var auth)
            || !string.Equals(auth.Scheme, "Basic", StringComparison.OrdinalIgnoreCase)
            || string.IsNullOrEmpty(auth.Parameter))
        {
            return null;
        }

        var buffer = new byte[auth.Parameter.Length];
        if (!Convert.TryFromBase64String(auth.Parameter, buffer, out var written))
        {
            return null;
        }

        var pair = Encoding.UTF8.GetString(buffer, 0, written);
        var colon = pair.IndexOf(':', StringComparison.Ordinal);
        var user = colon < 0 ? pair : pair[..colon];
        return user.Length == 0 ? null : user;
    }

    private static bool AcceptsJson(HttpRequest request) =>
        request.GetTypedHeaders().Accept.Any(t => t.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase));
}
