using System.Globalization;
using System.Net;

namespace Pipeline.BambooHr;

/// <summary>Turns a non-success answer into an actionable <see cref="BambooHrException"/>.</summary>
internal static class ResponseErrors
{
    // HELP spells it with three s's and warns that spelling "will be there"; read both.
    private static readonly string[] MessageHeaders = ["X-BambooHR-Error-Message", "X-BambooHR-Error-Messsage"];

    /// <param name="attempts">How many attempts the answer came after (Retry:BambooHr:MaxAttempts for a transient status).</param>
    public static BambooHrException FromStatus(HttpResponseMessage response, string endpoint, string apiKey, int attempts)
    {
        var status = (int)response.StatusCode;
        var detail = ServerMessage(response, apiKey);
        var said = detail is null ? "" : $" BambooHR said: \"{detail}\".";
        var (code, advice) = response.StatusCode switch
        {
            HttpStatusCode.Unauthorized => ("unauthorized", "The API key was missing or not accepted: set BambooHr:ApiKey to a current key."),
            HttpStatusCode.Forbidden => ("forbidden", "The key's user lacks access or is disabled (repeated bad keys also lock the API for a while): check the user in BambooHR."),
            HttpStatusCode.NotFound => ("not_found", "Check BambooHr:BaseUrl names the right company domain and ends at the API root."),
            HttpStatusCode.BadRequest => ("bad_request", "The request was refused as malformed; this is a bug in the client or an API change: report it."),
            HttpStatusCode.NotAcceptable => ("not_acceptable", "BambooHR refused the requested format or fields; report it."),
            HttpStatusCode.TooManyRequests => ("rate_limited", $"Still rate limited after {attempts} attempts{RetryAfter(response)}; run again later."),
            HttpStatusCode.ServiceUnavailable => ("unavailable", $"Still unavailable after {attempts} attempts{RetryAfter(response)}; run again later."),
            _ when status >= 500 => ("server_error", $"BambooHR failed after {attempts} attempts; run again later."),
            _ => ("unexpected_status", "This status is not expected from BambooHR; check BambooHr:BaseUrl."),
        };
        return new BambooHrException(code, $"BambooHR {endpoint} answered {status} {response.ReasonPhrase}. {advice}{said}", status);
    }

    private static string? ServerMessage(HttpResponseMessage response, string apiKey)
    {
        foreach (var name in MessageHeaders)
        {
            if (response.Headers.TryGetValues(name, out var values))
            {
                var text = string.Join(" ", values);
                if (text.Length > 300)
                {
                    text = text[..300] + "…";
                }

                // Never let an echoed key reach logs or DLQ reasons.
                return apiKey.Length == 0 ? text : text.Replace(apiKey, "***", StringComparison.Ordinal);
            }
        }

        return null;
    }

    private static string RetryAfter(HttpResponseMessage response) =>
        response.Headers.RetryAfter?.Delta is { } delta
            ? string.Create(CultureInfo.InvariantCulture, $" (Retry-After {delta.TotalSeconds:0} s)")
            : "";
}
