using System.Globalization;
using Amazon.Runtime;
using Amazon.SQS;
using Amazon.SQS.Model;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Pipeline.Contracts;

namespace Pipeline.Queue;

/// <summary>
/// The DLQ as an operator sees it. Peek and replay hold what they receive invisible for
/// <see cref="QueueOptions.DeadLetterHoldSeconds"/> and give back everything they do not delete.
/// </summary>
public sealed class SqsDeadLetterQueue(
    IAmazonSQS sqs,
    IQueuePublisher publisher,
    IOptions<QueueOptions> options,
    TimeProvider clock,
    ILogger<SqsDeadLetterQueue> logger) : IDeadLetterQueue
{
    private const string DlqConfigKey = "Queue__DeadLetterQueueUrl";
    private const string ReceiveCountAttribute = "ApproximateReceiveCount";
    private const string SentTimestampAttribute = "SentTimestamp";

    // Small enough that a crash between send and delete duplicates few messages.
    private const int ReplayChunk = 100;

    private readonly QueueOptions _options = options.Value;

    public async Task ParkAsync(string body, IReadOnlyDictionary<string, string> originalAttributes, DeadLetterReason reason, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentNullException.ThrowIfNull(originalAttributes);
        ArgumentNullException.ThrowIfNull(reason);
        ArgumentException.ThrowIfNullOrEmpty(reason.Code);

        var attributes = new Dictionary<string, string>(originalAttributes.Count + 6, StringComparer.Ordinal);
        foreach (var (name, value) in originalAttributes)
        {
            attributes[name] = value;
        }

        attributes[MessageAttributes.FailureCode] = reason.Code;
        attributes[MessageAttributes.FailureMessage] = FailureText.Clean(reason.Message);
        attributes[MessageAttributes.FailureAttempts] = reason.Attempts.ToString(CultureInfo.InvariantCulture);
        attributes[MessageAttributes.FailedAt] = Timestamp();
        if (!string.IsNullOrEmpty(reason.RunId))
        {
            attributes[MessageAttributes.RunId] = reason.RunId;
        }

        if (!string.IsNullOrEmpty(reason.EmployeeId))
        {
            attributes[MessageAttributes.EmployeeId] = reason.EmployeeId;
        }

        var request = new SendMessageRequest
        {
            QueueUrl = _options.DeadLetterQueueUrl,
            MessageBody = body,
            MessageAttributes = SqsAttributes.ToSqs(attributes),
        };
        await CallAsync("SendMessage", _options.DeadLetterQueueUrl, DlqConfigKey, () => sqs.SendMessageAsync(request, ct)).ConfigureAwait(false);
        QueueLog.Parked(logger, reason.EmployeeId, reason.RunId, reason.Code, reason.Attempts);
    }

    public async Task<IReadOnlyList<DeadLetter>> PeekAsync(int max, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(max);
        var held = new Dictionary<string, Message>(StringComparer.Ordinal);
        var letters = new List<DeadLetter>();
        try
        {
            await foreach (var message in ReceiveDistinctAsync(held, () => max - held.Count, ct).ConfigureAwait(false))
            {
                letters.Add(ToDeadLetter(message));
            }
        }
        finally
        {
            await ReleaseAsync(held.Values, ct).ConfigureAwait(false);
        }

        return letters;
    }

    public Task<ReplayResult> ReplayAsync(ReplayFilter filter, bool dryRun, CancellationToken ct) =>
        ReplayAsync(filter, dryRun, null, ct);

    public async Task<ReplayResult> ReplayAsync(ReplayFilter filter, bool dryRun, ReplayRewrite? rewrite, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var employees = filter.EmployeeIds.Count == 0 ? null : new HashSet<string>(filter.EmployeeIds, StringComparer.Ordinal);
        var max = filter.Max ?? int.MaxValue;
        var held = new Dictionary<string, Message>(StringComparer.Ordinal);
        var selected = new List<(Message Message, DeadLetter Letter)>();
        var replayed = 0;
        var examined = 0;
        try
        {
            if (max > 0)
            {
                await foreach (var message in ReceiveDistinctAsync(held, () => int.MaxValue, ct).ConfigureAwait(false))
                {
                    examined++;
                    var letter = ToDeadLetter(message);
                    if (Matches(letter, employees, filter.ReasonCode))
                    {
                        selected.Add((message, letter));
                        if (selected.Count >= max)
                        {
                            break;
                        }
                    }
                }
            }

            if (!dryRun)
            {
                // Give the others back first: they should not wait on the replay.
                var chosen = new HashSet<string>(selected.Select(s => s.Letter.MessageId), StringComparer.Ordinal);
                var others = held.Values.Where(m => !chosen.Contains(m.MessageId!)).ToList();
                await ReleaseAsync(others, ct).ConfigureAwait(false);
                foreach (var other in others)
                {
                    held.Remove(other.MessageId!);
                }

                foreach (var chunk in selected.Chunk(ReplayChunk))
                {
                    var replacements = rewrite is null
                        ? null
                        : await rewrite([.. chunk.Select(c => c.Letter)], ct).ConfigureAwait(false);
                    replayed += await ReplayChunkAsync(chunk, replacements, held, ct).ConfigureAwait(false);
                }
            }
        }
        finally
        {
            await ReleaseAsync(held.Values, ct).ConfigureAwait(false);
        }

        QueueLog.Replayed(logger, examined, selected.Count, replayed, dryRun);
        return new ReplayResult(examined, selected.Count, replayed, [.. selected.Select(s => s.Letter)]);
    }

    /// <summary>Sends a chunk to the main queue, then deletes from the DLQ exactly the ones that were sent.</summary>
    private async Task<int> ReplayChunkAsync(
        (Message Message, DeadLetter Letter)[] chunk, IReadOnlyDictionary<string, OutgoingMessage>? replacements,
        Dictionary<string, Message> held, CancellationToken ct)
    {
        var replayedAt = Timestamp();
        var outgoing = new List<OutgoingMessage>(chunk.Length);
        foreach (var (message, letter) in chunk)
        {
            var attributes = new Dictionary<string, string>(letter.Attributes.Count, StringComparer.Ordinal);
            foreach (var (name, value) in letter.Attributes)
            {
                if (!SqsAttributes.IsFailureAttribute(name))
                {
                    attributes[name] = value;
                }
            }

            if (replacements is not null && replacements.TryGetValue(letter.MessageId, out var replacement))
            {
                // A fresh message replaces the parked one (e.g. re-read from the source after a data fix).
                attributes = new Dictionary<string, string>(replacement.Attributes, StringComparer.Ordinal);
                attributes[MessageAttributes.ReplayedAt] = replayedAt;
                outgoing.Add(new OutgoingMessage(message.MessageId!, replacement.Body, attributes));
                continue;
            }

            attributes[MessageAttributes.ReplayedAt] = replayedAt;
            outgoing.Add(new OutgoingMessage(message.MessageId!, message.Body ?? "", attributes));
        }

        var result = await publisher.PublishAsync(outgoing, ct).ConfigureAwait(false);
        var failed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var failure in result.Failures)
        {
            failed.Add(failure.Id);
            var letter = Array.Find(chunk, c => c.Letter.MessageId == failure.Id).Letter;
            QueueLog.ReplaySendFailed(logger, failure.Id, letter?.EmployeeId, failure.Code);
        }

        // Use the latest receipt handle: a message received twice answers only to the newer one.
        var sent = chunk.Where(c => !failed.Contains(c.Letter.MessageId)).Select(c => held[c.Letter.MessageId]).ToList();
        foreach (var batch in sent.Chunk(PublishBatcher.MaxEntries))
        {
            var request = new DeleteMessageBatchRequest
            {
                QueueUrl = _options.DeadLetterQueueUrl,
                Entries = [.. batch.Select((m, i) => new DeleteMessageBatchRequestEntry { Id = i.ToString(CultureInfo.InvariantCulture), ReceiptHandle = m.ReceiptHandle })],
            };
            var response = await CallAsync("DeleteMessageBatch", _options.DeadLetterQueueUrl, DlqConfigKey, () => sqs.DeleteMessageBatchAsync(request, ct)).ConfigureAwait(false);
            foreach (var failure in response.Failed ?? [])
            {
                QueueLog.ReplayDeleteFailed(logger, batch[int.Parse(failure.Id!, CultureInfo.InvariantCulture)].MessageId!, failure.Code ?? "Unknown");
            }

            foreach (var message in batch)
            {
                held.Remove(message.MessageId!); // deleted, or (on failure) left to reappear after its hold
            }
        }

        return sent.Count;
    }

    private static bool Matches(DeadLetter letter, HashSet<string>? employees, string? reasonCode) =>
        (employees is null || (letter.EmployeeId is { } id && employees.Contains(id)))
        && (reasonCode is null || string.Equals(letter.Code, reasonCode, StringComparison.Ordinal));

    /// <summary>
    /// Receives until the DLQ has nothing new to give. Every message received stays in <paramref name="held"/>
    /// (with its latest receipt handle) so the caller can give it back or delete it.
    /// </summary>
    private async IAsyncEnumerable<Message> ReceiveDistinctAsync(
        Dictionary<string, Message> held,
        Func<int> wanted,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        while (wanted() > 0)
        {
            var request = new ReceiveMessageRequest
            {
                QueueUrl = _options.DeadLetterQueueUrl,
                MaxNumberOfMessages = Math.Min(PublishBatcher.MaxEntries, wanted()),
                VisibilityTimeout = _options.DeadLetterHoldSeconds,
                // Short polling samples only some SQS hosts and can answer empty while messages remain.
                WaitTimeSeconds = 1,
                MessageAttributeNames = ["All"],
                MessageSystemAttributeNames = [ReceiveCountAttribute, SentTimestampAttribute],
            };
            var response = await CallAsync("ReceiveMessage", _options.DeadLetterQueueUrl, DlqConfigKey, () => sqs.ReceiveMessageAsync(request, ct)).ConfigureAwait(false);
            var messages = response.Messages ?? [];
            if (messages.Count == 0)
            {
                yield break;
            }

            // All of them are held before any is handed out: a caller that stops early must still give back the rest.
            var fresh = new List<Message>(messages.Count);
            foreach (var message in messages)
            {
                if (held.TryAdd(message.MessageId!, message))
                {
                    fresh.Add(message);
                }
                else
                {
                    held[message.MessageId!] = message;
                }
            }

            if (fresh.Count == 0)
            {
                yield break; // only messages whose hold ran out came back: we have been all the way round
            }

            foreach (var message in fresh)
            {
                yield return message;
            }
        }
    }

    /// <summary>Makes held messages visible again now rather than when their hold ends.</summary>
    private async Task ReleaseAsync(IEnumerable<Message> messages, CancellationToken ct)
    {
        // Runs on the way out of a cancelled or failed operation too; the hold bounds how long anything stays hidden.
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var token = ct.IsCancellationRequested ? timeout.Token : ct;
        foreach (var batch in messages.Chunk(PublishBatcher.MaxEntries))
        {
            var request = new ChangeMessageVisibilityBatchRequest
            {
                QueueUrl = _options.DeadLetterQueueUrl,
                Entries = [.. batch.Select((m, i) => new ChangeMessageVisibilityBatchRequestEntry
                {
                    Id = i.ToString(CultureInfo.InvariantCulture),
                    ReceiptHandle = m.ReceiptHandle,
                    VisibilityTimeout = 0,
                })],
            };
            var response = await CallAsync("ChangeMessageVisibilityBatch", _options.DeadLetterQueueUrl, DlqConfigKey, () => sqs.ChangeMessageVisibilityBatchAsync(request, token)).ConfigureAwait(false);
            foreach (var failure in response.Failed ?? [])
            {
                QueueLog.ReleaseFailed(logger, batch[int.Parse(failure.Id!, CultureInfo.InvariantCulture)].MessageId!, failure.Code ?? "Unknown", _options.DeadLetterHoldSeconds);
            }
        }
    }

    private static DeadLetter ToDeadLetter(Message message)
    {
        var attributes = SqsAttributes.FromSqs(message.MessageAttributes);
        var system = message.Attributes ?? [];
        return new DeadLetter(
            MessageId: message.MessageId!,
            EmployeeId: attributes.GetValueOrDefault(MessageAttributes.EmployeeId),
            RunId: attributes.GetValueOrDefault(MessageAttributes.RunId),
            Code: attributes.GetValueOrDefault(MessageAttributes.FailureCode) ?? DeadLetterCodes.RedriveMaxReceives,
            Message: attributes.GetValueOrDefault(MessageAttributes.FailureMessage),
            Attempts: int.TryParse(attributes.GetValueOrDefault(MessageAttributes.FailureAttempts), NumberStyles.Integer, CultureInfo.InvariantCulture, out var attempts) ? attempts : null,
            FailedAt: DateTimeOffset.TryParse(attributes.GetValueOrDefault(MessageAttributes.FailedAt), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var failedAt) ? failedAt : null,
            ReceiveCount: int.TryParse(system.GetValueOrDefault(ReceiveCountAttribute), NumberStyles.Integer, CultureInfo.InvariantCulture, out var receives) ? receives : 0,
            SentAt: long.TryParse(system.GetValueOrDefault(SentTimestampAttribute), NumberStyles.Integer, CultureInfo.InvariantCulture, out var sentMs) ? DateTimeOffset.FromUnixTimeMilliseconds(sentMs) : null,
            Body: message.Body ?? "",
            Attributes: attributes);
    }

    private string Timestamp() => clock.GetUtcNow().ToString("O", CultureInfo.InvariantCulture);

    private static async Task<T> CallAsync<T>(string action, string queueUrl, string configKey, Func<Task<T>> call)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (AmazonServiceException ex) when (SqsErrors.ToOperatorError(ex, action, queueUrl, configKey) is { } operatorError)
        {
            throw operatorError;
        }
    }
}
