namespace Pipeline.Contracts;

/// <summary>
/// A queue message that can never be processed as it stands. <see cref="Code"/> is the reason code
/// that travels with it to the dead-letter queue.
/// </summary>
public sealed class InvalidMessageException : Exception
{
    public InvalidMessageException() : this("invalid_message", "The message is invalid.") { }

    public InvalidMessageException(string message) : this("invalid_message", message) { }

    public InvalidMessageException(string message, Exception innerException)
        : base(message, innerException) => Code = "invalid_message";

    public InvalidMessageException(string code, string message, Exception? innerException = null)
        : base(message, innerException) => Code = code;

    public string Code { get; }
}
