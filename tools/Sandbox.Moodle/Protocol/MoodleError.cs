namespace Pipeline.Sandbox.Moodle.Protocol;

/// <summary>An error Moodle reports as <c>{exception, errorcode, message[, debuginfo]}</c> with HTTP 200.</summary>
internal sealed class MoodleError(string exceptionClass, string errorCode, string message, string? debugInfo = null)
    : Exception(message)
{
    public string ExceptionClass { get; } = exceptionClass;
    public string ErrorCode { get; } = errorCode;
    public string? DebugInfo { get; } = debugInfo;

    public const string InvalidParameterMessage = "Invalid parameter value detected";

    public static MoodleError InvalidParameter(string debugInfo) =>
        new(@"core\exception\invalid_parameter_exception", "invalidparameter", InvalidParameterMessage, debugInfo);

    public static MoodleError InvalidToken() =>
        new(@"core\exception\moodle_exception", "invalidtoken", "Invalid token - token not found");

    public static MoodleError AccessException(string debugInfo) =>
        new("webservice_access_exception", "accessexception", "Access control exception", debugInfo);

    public static MoodleError NoPermissions(string capabilityName) =>
        new(@"core\exception\required_capability_exception", "nopermissions",
            $"Sorry, but you do not currently have permissions to do that ({capabilityName}).");

    /// <summary>A moodle_exception whose error code has no language string: Moodle prints "error/CODE".</summary>
    public static MoodleError UnknownString(string errorCode, string? debugInfo = null) =>
        new(@"core\exception\moodle_exception", errorCode, "error/" + errorCode, debugInfo);

    public static MoodleError DmlWrite() =>
        new("dml_write_exception", "dmlwriteexception", "Error writing to database",
            "Injected by the sandbox fault settings (dml_error_rate).");

    public static MoodleError DmlRead() =>
        new("dml_read_exception", "dmlreadexception", "Error reading from database",
            "Injected by the sandbox fault settings (dml_error_rate).");
}
