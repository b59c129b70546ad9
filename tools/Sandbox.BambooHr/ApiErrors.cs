using System.Globalization;

namespace Pipeline.Sandbox.BambooHr;

/// <summary>
/// BambooHR's error bodies are undocumented; what it does document is the debugging header, so the
/// sandbox sends the message there (and as plain text) and never as JSON a client could come to rely on.
/// </summary>
internal static class ApiErrors
{
    public const string MessageHeader = "X-BambooHR-Error-Message";

    public static IResult Result(HttpContext http, int status, string message, int? retryAfterSeconds = null)
    {
        http.Response.Headers[MessageHeader] = message;
        if (retryAfterSeconds is { } seconds)
        {
            http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        }

        return Results.Text(message, "text/plain; charset=utf-8", statusCode: status);
    }
}
