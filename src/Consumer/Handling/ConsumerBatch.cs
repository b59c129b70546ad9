namespace Pipeline.Consumer.Handling;

/// <summary>
/// One batch as a host received it, and what the handler has settled of it so far. A message is failed until the
/// handler settles it (the Powertools batch rule): the hosts acknowledge only <see cref="IsDone"/> messages and
/// retry every other one, with the handler's delay when it asked for one and <see cref="RetryDelay"/>'s otherwise.
/// Safe to settle from several threads.
/// </summary>
public sealed class ConsumerBatch
{
    private readonly Dictionary<string, MessageResult> _results = new(StringComparer.Ordinal);
    private readonly HashSet<string> _ids;

    public ConsumerBatch(IReadOnlyList<IncomingMessage> messages)
    {
        ArgumentNullException.ThrowIfNull(messages);
        Messages = messages;
        _ids = messages.Select(m => m.MessageId).ToHashSet(StringComparer.Ordinal);
    }

    public IReadOnlyList<IncomingMessage> Messages { get; }

    /// <summary>
    /// Set by the handler when Moodle was unreachable or failing as a whole (<c>FailureClassifier.IsMoodleOutage</c>):
    /// the messages it could not write are settled Retry, never parked, and the host decides whether to pause.
    /// </summary>
    public MoodleOutage? Outage { get; private set; }

    /// <summary>
    /// Park outage failures on the last attempt as transient_exhausted, as any other transient failure: the worker's
    /// way out when Moodle answers its probe yet keeps failing this batch.
    /// </summary>
    public bool ParkOutages { get; init; }

    /// <summary>Records that Moodle was down for this batch (the first report wins).</summary>
    public void ReportOutage(string code, string reason)
    {
        lock (_results)
        {
            Outage ??= new MoodleOutage(code, reason);
        }
    }

    /// <summary>Acknowledge: applied or recorded.</summary>
    public void Complete(IncomingMessage message) => Settle(message, MessageResult.Completed);

    /// <summary>Acknowledge: parked in the DLQ with <paramref name="code"/>.</summary>
    public void Parked(IncomingMessage message, string code) => Settle(message, MessageResult.Parked(code));

    /// <summary>Leave on the queue, visible again after <paramref name="delay"/>.</summary>
    public void Retry(IncomingMessage message, TimeSpan delay) => Settle(message, MessageResult.RetryIn(delay));

    /// <summary>The handler's word on the message; null while it is unsettled (which the hosts treat as failed).</summary>
    public MessageResult? ResultOf(string messageId)
    {
        lock (_results)
        {
            return _results.TryGetValue(messageId, out var r) ? r : null;
        }
    }

    public bool IsSettled(IncomingMessage message) => ResultOf(Require(message).MessageId) is not null;

    public bool IsDone(IncomingMessage message) => ResultOf(Require(message).MessageId) is { Done: true };

    /// <summary>The messages to acknowledge.</summary>
    public IReadOnlyList<IncomingMessage> Done => [.. Messages.Where(IsDone)];

    /// <summary>Every other message, with when it should be visible again.</summary>
    public IReadOnlyList<(IncomingMessage Message, TimeSpan Delay)> Failed(RetryDelay defaultDelay)
    {
        ArgumentNullException.ThrowIfNull(defaultDelay);
        return [.. Messages.Where(m => !IsDone(m)).Select(m => (m, ResultOf(m.MessageId)?.RetryAfter ?? defaultDelay.For(m.ReceiveCount)))];
    }

    private void Settle(IncomingMessage message, MessageResult result)
    {
        Require(message);
        lock (_results)
        {
            _results[message.MessageId] = result;
        }
    }

    private IncomingMessage Require(IncomingMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return _ids.Contains(message.MessageId)
            ? message
            : throw new ArgumentException($"Message {message.MessageId} is not in this batch.", nameof(message));
    }
}
