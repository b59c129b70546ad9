namespace Pipeline.BambooHr;

/// <summary>
/// A BambooHR call that failed in a way the operator can act on. <see cref="Code"/> is stable for
/// scripts and metrics; the message says what failed and what to do, and never holds the API key.
/// </summary>
public sealed class BambooHrException : Exception
{
    public BambooHrException() : this("bamboohr_error", "A BambooHR call failed.") { }

    public BambooHrException(string message) : this("bamboohr_error", message) { }

    public BambooHrException(string message, Exception innerException) : this("bamboohr_error", message, null, innerException) { }

    public BambooHrException(string code, string message, int? statusCode = null, Exception? innerException = null)
        : base(message, innerException)
    {
        Code = code;
        StatusCode = statusCode;
    }

    /// <summary>HTTP status of the final answer, when there was one.</summary>
    public int? StatusCode { get; }

    /// <summary>
    /// unauthorized, forbidden, not_found, bad_request, not_acceptable, rate_limited, unavailable,
    /// server_error, unexpected_status, timeout, unreachable, invalid_response.
    /// </summary>
    public string Code { get; }
}
