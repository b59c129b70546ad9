namespace Pipeline.Contracts;

/// <summary>SQS message attribute names shared by producer, consumers and the operator CLI.</summary>
public static class MessageAttributes
{
    public const string TraceParent = "traceparent";
    public const string TraceState = "tracestate";
    public const string RunId = "run_id";
    public const string EmployeeId = "employee_id";

    // Set on a message when it is parked in the DLQ: why, so an operator can act without reading the body.
    public const string FailureCode = "failure_code";
    public const string FailureMessage = "failure_message";
    public const string FailureAttempts = "failure_attempts";
    public const string FailedAt = "failed_at";

    // Set by `dlq replay` on the message it sends back to the main queue.
    public const string ReplayedAt = "replayed_at";
}
