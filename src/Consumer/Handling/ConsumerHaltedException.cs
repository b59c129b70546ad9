namespace Pipeline.Consumer.Handling;

/// <summary>
/// An error that would fail every record (Moodle token invalid, missing capability, function not in the
/// service, Moodle unreachable for good). Not poison: nothing is dead-lettered; the consumer stops taking
/// messages and says why.
/// </summary>
public sealed class ConsumerHaltedException : Exception
{
    public ConsumerHaltedException() { }

    public ConsumerHaltedException(string message) : base(message) { }

    public ConsumerHaltedException(string message, Exception innerException) : base(message, innerException) { }

    public ConsumerHaltedException(string code, string message, Exception? innerException)
        : base(message, innerException) => Code = code;

    public string Code { get; } = "halted";
}
