namespace Pipeline.Consumer.Handling;

/// <summary>One SQS message as either host received it (worker: ReceiveMessage; Lambda: the event record).</summary>
public sealed record IncomingMessage(
    string MessageId,
    string ReceiptHandle,
    string Body,
    int ReceiveCount,
    IReadOnlyDictionary<string, string> Attributes);
