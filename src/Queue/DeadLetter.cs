namespace Pipeline.Queue;

/// <summary>A message seen in the DLQ. <see cref="Code"/> is <see cref="DeadLetterCodes.RedriveMaxReceives"/> when it arrived by redrive.</summary>
public sealed record DeadLetter(
    string MessageId,
    string? EmployeeId,
    string? RunId,
    string Code,
    string? Message,
    int? Attempts,
    DateTimeOffset? FailedAt,
    int ReceiveCount,
    DateTimeOffset? SentAt,
    string Body,
    IReadOnlyDictionary<string, string> Attributes);
