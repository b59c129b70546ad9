namespace Pipeline.Queue;

/// <summary>Why a message was parked. <see cref="Message"/> must hold no personal data: it is stored on the message.</summary>
public sealed record DeadLetterReason(string Code, string Message, string? EmployeeId, string? RunId, int Attempts);
