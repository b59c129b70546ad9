using System.Collections.Frozen;
using Polly;
using Polly.Timeout;

namespace Pipeline.Resilience;

/// <summary>
/// The one table of which failures are transient, refused or fatal, for every service the pipeline calls: BambooHR and
/// Moodle over HTTP, Moodle's own error codes, and AWS (SQS and DynamoDB share one error model). Callers read the facts
/// off their exceptions (status, error code) and ask here; how often and how long to retry is <see cref="RetryOptions"/>.
/// </summary>
public static class FailureClassifier
{
    private static readonly FrozenSet<string> MoodleTransientCodes = FrozenSet.Create(
        StringComparer.Ordinal,
        "dmlwriteexception", "dmlreadexception", "dmltransactionexception", "dbconnectionfailed", "sessionwaiterr",
        "sitemaintenance", "ddlexecuteerror");

    private static readonly FrozenSet<string> MoodleTransientClasses = FrozenSet.Create(
        StringComparer.Ordinal,
        "dml_write_exception", "dml_read_exception", "dml_transaction_exception", "dml_connection_exception");

    // Codes that fail every call whatever the record: the token, its capabilities, the service's set-up.
    private static readonly FrozenSet<string> MoodleFatalCodes = FrozenSet.Create(
        StringComparer.Ordinal,
        "invalidtoken", "accessexception", "nopermissions", "servicerequireslogin", "servicenotavailable",
        "webservicesnotenabled", "enablewsdescription", "requireloginerror", "usernotfullysetup",
        "forcepasswordchangenotice", "sitepolicynotagreed", "invalidtimedtoken", "invalidtokensession", "codingerror",
        "restoredaccountresetpassword", "suspended", "invalidlogin");

    // Refusals before any work was done, for rate: SQS's and DynamoDB's throttling codes (and the SDK's generic ones).
    private static readonly FrozenSet<string> AwsThrottlingCodes = FrozenSet.Create(
        StringComparer.OrdinalIgnoreCase,
        "Throttling", "ThrottlingException", "ThrottledException", "RequestThrottled", "RequestThrottledException",
        "TooManyRequestsException", "RequestLimitExceeded", "ProvisionedThroughputExceededException",
        "LimitExceededException", "BandwidthLimitExceeded", "SlowDown");

    private static readonly FrozenSet<string> AwsServerCodes = FrozenSet.Create(
        StringComparer.OrdinalIgnoreCase,
        "InternalError", "InternalFailure", "InternalServerError", "ServiceUnavailable", "RequestTimeout",
        "RequestTimeoutException", "TransactionConflictException");

    private static readonly FrozenSet<string> AwsMissingCodes = FrozenSet.Create(
        StringComparer.Ordinal,
        "AWS.SimpleQueueService.NonExistentQueue", "QueueDoesNotExist", "NonExistentQueue", "ResourceNotFoundException");

    private static readonly FrozenSet<string> AwsDeniedCodes = FrozenSet.Create(
        StringComparer.Ordinal,
        "AccessDenied", "AccessDeniedException", "InvalidClientTokenId", "UnrecognizedClientException",
        "SignatureDoesNotMatch", "KMS.AccessDeniedException", "ExpiredToken", "ExpiredTokenException",
        "MissingAuthenticationToken");

    /// <summary>
    /// A failure below any service's answer (a dropped or refused connection, a timeout), from an HTTP client or the AWS
    /// SDK. A cancellation is one only when it is not <paramref name="ct"/>'s: then it is HttpClient's own timeout.
    /// </summary>
    public static bool IsTransientTransport(Exception exception, CancellationToken ct) => exception switch
    {
        OperationCanceledException => !ct.IsCancellationRequested,
        TimeoutRejectedException or TimeoutException or HttpRequestException or IOException => true,
        _ => false,
    };

    /// <summary>
    /// An HTTP status from BambooHR or Moodle: 408, 429 and 5xx are transient. Neither service refuses one record with
    /// a status (Moodle answers 200 with an exception; BambooHR's 4xx mean a wrong key, URL or request), so any other
    /// failed status is fatal.
    /// </summary>
    public static FailureKind Http(int status) =>
        status is 408 or 429 or >= 500 ? FailureKind.Transient : FailureKind.Fatal;

    /// <summary>The HTTP retry pipelines' question: is this answer or exception worth another attempt?</summary>
    public static bool IsTransient(Outcome<HttpResponseMessage> outcome, CancellationToken ct) => outcome switch
    {
        { Exception: { } exception } => IsTransientTransport(exception, ct),
        { Result: { IsSuccessStatusCode: false } response } => Http((int)response.StatusCode) == FailureKind.Transient,
        _ => false,
    };

    /// <summary>An exception Moodle's web service answered with (HTTP 200, <c>{"exception":…,"errorcode":…}</c>).</summary>
    public static FailureKind Moodle(string? exceptionClass, string errorCode)
    {
        if (MoodleTransientCodes.Contains(errorCode) || (exceptionClass is not null && MoodleTransientClasses.Contains(exceptionClass)))
        {
            return FailureKind.Transient;
        }

        // An unknown wsfunction: Moodle looks it up and misses the external_functions row.
        if (MoodleFatalCodes.Contains(errorCode) || (errorCode == "invalidrecord" && exceptionClass == "dml_missing_record_exception"))
        {
            return FailureKind.Fatal;
        }

        // invalidparameter, the password policy, per-user validation: this record's data.
        return FailureKind.Refused;
    }

    /// <summary>
    /// A Moodle failure that says nothing about the records sent and everything about Moodle: no connection, no answer
    /// in time, a 5xx (or 408/429) from the site or its proxy, the site in maintenance or without its database. Every
    /// other call fails the same way until Moodle is back, so consumers pause instead of spending messages' attempts.
    /// <paramref name="errorCode"/> is the client's: Moodle's errorcode or <c>network</c>, <c>timeout</c>, <c>http503</c>.
    /// </summary>
    public static bool IsMoodleOutage(string errorCode) =>
        errorCode is "network" or "timeout" or "http408" or "http429" or "sitemaintenance" or "dbconnectionfailed"
        || (errorCode.StartsWith("http5", StringComparison.Ordinal) && errorCode.Length == 7);

    /// <summary>
    /// An AWS service's refusal (SQS or DynamoDB, from the SDK's exception: HTTP status and error code), after the SDK's
    /// own retries. Throttling and server errors are transient; a missing queue or table and refused credentials are
    /// fatal; any other 4xx (validation, a failed condition, a message SQS will not take) is refused.
    /// </summary>
    public static FailureKind Aws(int status, string? errorCode)
    {
        if (IsAwsThrottling(status, errorCode) || IsAwsServerError(errorCode) || status is 408 or >= 500)
        {
            return FailureKind.Transient;
        }

        if (IsAwsResourceMissing(errorCode) || IsAwsAccessDenied(status, errorCode))
        {
            return FailureKind.Fatal;
        }

        // An exception with a success status: the service answered but the SDK could not trust the answer (unreadable
        // body, MD5 mismatch). The call may have been carried out; only trying again makes sure it was.
        return status < 400 ? FailureKind.Transient : FailureKind.Refused;
    }

    /// <summary>One failed entry of an SQS batch answer: the server's fault or throttling is transient, the sender's is not.</summary>
    public static FailureKind SqsBatchEntry(bool? senderFault, string? code) =>
        senderFault != true || IsAwsThrottling(0, code) || IsAwsServerError(code) ? FailureKind.Transient : FailureKind.Refused;

    /// <summary>Refused for rate before any work was done, so the call was certainly not carried out.</summary>
    public static bool IsAwsThrottling(int status, string? errorCode) =>
        status == 429 || (errorCode is not null
            && (AwsThrottlingCodes.Contains(errorCode) || errorCode.Contains("Throttl", StringComparison.OrdinalIgnoreCase)));

    /// <summary>The queue or table named in the configuration does not exist.</summary>
    public static bool IsAwsResourceMissing(string? errorCode) => errorCode is not null && AwsMissingCodes.Contains(errorCode);

    /// <summary>The credentials in use were refused or lack a permission.</summary>
    public static bool IsAwsAccessDenied(int status, string? errorCode) =>
        status == 403 || (errorCode is not null && AwsDeniedCodes.Contains(errorCode));

    private static bool IsAwsServerError(string? errorCode) => errorCode is not null && AwsServerCodes.Contains(errorCode);
}
