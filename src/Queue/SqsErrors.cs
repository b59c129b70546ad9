using System.Net;
using Amazon.Runtime;
using Amazon.SQS;
using Amazon.SQS.Model;

namespace Pipeline.Queue;

/// <summary>Sorts SQS errors into transient (retry), operator-actionable (throw loudly) and the rest.</summary>
internal static class SqsErrors
{
    public static bool IsTransient(Exception exception, CancellationToken ct) => exception switch
    {
        OperationCanceledException => !ct.IsCancellationRequested, // an HTTP timeout, not our caller cancelling
        HttpRequestException or IOException => true,
        AmazonServiceException ase => IsTransientStatus(ase.StatusCode) || IsThrottlingCode(ase.ErrorCode),
        AmazonClientException => true, // e.g. connection reset surfaced by the SDK after its own retries
        _ => false,
    };

    /// <summary>
    /// SQS answered 2xx but the SDK could not trust the answer (unreadable body, MD5 mismatch): the call was carried
    /// out, so resending the batch is a retry with possible duplicates, never a reason to split it.
    /// </summary>
    public static bool IsUnclearAnswer(Exception exception) =>
        exception is AmazonServiceException ase && (int)ase.StatusCode < 400 && !IsRefusedForRate(ase);

    /// <summary>
    /// Whether a failed call may nevertheless have been carried out, so that sending it again may duplicate
    /// messages: everything but a clear refusal (4xx, throttling) may have been.
    /// </summary>
    public static bool MayHaveBeenApplied(Exception exception) => exception switch
    {
        AmazonServiceException ase => !IsRefusedForRate(ase) && (int)ase.StatusCode is < 400 or >= 500,
        _ => true,
    };

    /// <summary>Entry-level failure codes worth retrying: the server said so, or it is throttling.</summary>
    public static bool IsTransientEntry(BatchResultErrorEntry entry) =>
        entry.SenderFault != true || IsThrottlingCode(entry.Code);

    public static bool IsThrottlingCode(string? code) =>
        code is not null && (code.Contains("Throttl", StringComparison.OrdinalIgnoreCase)
            || code.Equals("RequestLimitExceeded", StringComparison.OrdinalIgnoreCase)
            || code.Equals("ServiceUnavailable", StringComparison.OrdinalIgnoreCase)
            || code.Equals("InternalError", StringComparison.OrdinalIgnoreCase)
            || code.Equals("InternalFailure", StringComparison.OrdinalIgnoreCase));

    // Throttling is a refusal before any work; InternalError and ServiceUnavailable are not, so they do not count here.
    private static bool IsRefusedForRate(AmazonServiceException ase) =>
        ase.StatusCode == HttpStatusCode.TooManyRequests
        || (ase.ErrorCode is { } code && (code.Contains("Throttl", StringComparison.OrdinalIgnoreCase)
            || code.Equals("RequestLimitExceeded", StringComparison.OrdinalIgnoreCase)));

    private static bool IsTransientStatus(HttpStatusCode status) =>
        (int)status >= 500 || status == HttpStatusCode.TooManyRequests;

    /// <summary>
    /// Turns "queue does not exist" and "access denied" into an exception that tells the operator what to fix;
    /// returns null for anything else so the caller rethrows the original.
    /// </summary>
    public static QueueAccessException? ToOperatorError(Exception exception, string action, string queueUrl, string configKey)
    {
        if (exception is not AmazonServiceException ase)
        {
            return null;
        }

        if (ase is QueueDoesNotExistException || IsQueueMissingCode(ase.ErrorCode))
        {
            return new QueueAccessException(
                $"SQS {action} failed: queue '{queueUrl}' does not exist. Check the configuration key {configKey} " +
                "(and AWS_REGION / AWS_ENDPOINT_URL_SQS) or create the queue.",
                exception)
            { ErrorCode = ase.ErrorCode };
        }

        if (ase.StatusCode == HttpStatusCode.Forbidden || IsAccessDeniedCode(ase.ErrorCode))
        {
            return new QueueAccessException(
                $"SQS {action} on queue '{queueUrl}' was denied ({ase.ErrorCode}). Grant sqs:{action} on that queue " +
                $"to the credentials in use, or check the configuration key {configKey}.",
                exception)
            { ErrorCode = ase.ErrorCode };
        }

        return null;
    }

    private static bool IsQueueMissingCode(string? code) =>
        code is "AWS.SimpleQueueService.NonExistentQueue" or "QueueDoesNotExist" or "NonExistentQueue";

    private static bool IsAccessDeniedCode(string? code) =>
        code is "AccessDenied" or "AccessDeniedException" or "InvalidClientTokenId" or "UnrecognizedClientException"
            or "SignatureDoesNotMatch" or "KMS.AccessDeniedException";
}
