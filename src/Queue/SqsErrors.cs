using Amazon.Runtime;
using Amazon.SQS;
using Amazon.SQS.Model;
using Pipeline.Resilience;

namespace Pipeline.Queue;

/// <summary>
/// Reads SQS's exceptions and batch entries for the pipeline's one failure table (<see cref="FailureClassifier"/>), and
/// says what SQS's answers mean for a publish: retry, resend with possible duplicates, or throw for an operator.
/// </summary>
internal static class SqsErrors
{
    public static bool IsTransient(Exception exception, CancellationToken ct) => exception switch
    {
        AmazonServiceException ase => FailureClassifier.Aws((int)ase.StatusCode, ase.ErrorCode) == FailureKind.Transient,
        AmazonClientException => true, // e.g. connection reset surfaced by the SDK after its own retries
        _ => FailureClassifier.IsTransientTransport(exception, ct),
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

    /// <summary>Entry-level failures worth retrying: the server said so, or it is throttling.</summary>
    public static bool IsTransientEntry(BatchResultErrorEntry entry) =>
        FailureClassifier.SqsBatchEntry(entry.SenderFault, entry.Code) == FailureKind.Transient;

    // Throttling is a refusal before any work; InternalError and ServiceUnavailable are not, so they do not count here.
    private static bool IsRefusedForRate(AmazonServiceException ase) => FailureClassifier.IsAwsThrottling((int)ase.StatusCode, ase.ErrorCode);

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

        if (ase is QueueDoesNotExistException || FailureClassifier.IsAwsResourceMissing(ase.ErrorCode))
        {
            return new QueueAccessException(
                $"SQS {action} failed: queue '{queueUrl}' does not exist. Check the configuration key {configKey} " +
                "(and AWS_REGION / AWS_ENDPOINT_URL_SQS) or create the queue.",
                exception)
            { ErrorCode = ase.ErrorCode };
        }

        if (FailureClassifier.IsAwsAccessDenied((int)ase.StatusCode, ase.ErrorCode))
        {
            return new QueueAccessException(
                $"SQS {action} on queue '{queueUrl}' was denied ({ase.ErrorCode}). Grant sqs:{action} on that queue " +
                $"to the credentials in use, or check the configuration key {configKey}.",
                exception)
            { ErrorCode = ase.ErrorCode };
        }

        return null;
    }
}
