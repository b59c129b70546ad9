namespace Pipeline.Queue;

/// <summary>One message to publish. <paramref name="Id"/> names it in failures (e.g. the employee id).</summary>
public sealed record OutgoingMessage(string Id, string Body, IReadOnlyDictionary<string, string> Attributes);
