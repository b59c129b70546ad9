namespace Pipeline.Consumer.Handling;

/// <summary>Moodle unreachable or failing as a whole for a batch: the client's error code (network, timeout, http503…) and message.</summary>
public sealed record MoodleOutage(string Code, string Reason);
