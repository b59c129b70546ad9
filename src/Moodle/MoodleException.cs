namespace Pipeline.Moodle;

/// <summary>A refused or failed Moodle call. The message says what failed and what to do; it never holds the token.</summary>
public class MoodleException : Exception
{
    public MoodleException()
        : this("Moodle call failed.", "unknown", MoodleErrorKind.Transient)
    {
    }

    public MoodleException(string message)
        : this(message, "unknown", MoodleErrorKind.Transient)
    {
    }

    public MoodleException(string message, Exception innerException)
        : this(message, "unknown", MoodleErrorKind.Transient, innerException: innerException)
    {
    }

    public MoodleException(
        string message,
        string errorCode,
        MoodleErrorKind kind,
        string? exceptionClass = null,
        string? debugInfo = null,
        string? function = null,
        Exception? innerException = null)
        : base(message, innerException)
    {
        ErrorCode = errorCode;
        Kind = kind;
        ExceptionClass = exceptionClass;
        DebugInfo = debugInfo;
        Function = function;
    }

    /// <summary>Moodle's exception class (e.g. <c>core\exception\invalid_parameter_exception</c>); null for HTTP-level failures.</summary>
    public string? ExceptionClass { get; }

    /// <summary>Moodle's errorcode, or <c>http500</c>, <c>timeout</c>, <c>network</c>, <c>badresponse</c> for HTTP-level failures.</summary>
    public string ErrorCode { get; }

    public MoodleErrorKind Kind { get; }

    /// <summary>Present only when the site runs with debugging on.</summary>
    public string? DebugInfo { get; }

    /// <summary>The web service function called.</summary>
    public string? Function { get; }
}
