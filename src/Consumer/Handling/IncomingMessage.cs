using System.Globalization;
using Amazon.SQS.Model;

namespace Pipeline.Consumer.Handling;

/// <summary>One SQS message as either host received it (worker: ReceiveMessage; Lambda: the event record).</summary>
public sealed record IncomingMessage(
    string MessageId,
    string ReceiptHandle,
    string Body,
    int ReceiveCount,
    IReadOnlyDictionary<string, string> Attributes)
{
    /// <summary>A message the worker received (ReceiveMessage with all message attributes and ApproximateReceiveCount).</summary>
    public static IncomingMessage From(Message message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return From(message.MessageId, message.ReceiptHandle, message.Body,
            (message.MessageAttributes ?? []).Select(a => KeyValuePair.Create(a.Key, (string?)a.Value.StringValue)), message.Attributes);
    }

    /// <summary>
    /// The one conversion both hosts use (the Lambda passes its event record's fields): only string-valued message
    /// attributes are kept (the pipeline sends no others), and a missing or unreadable ApproximateReceiveCount counts
    /// as a first delivery.
    /// </summary>
    public static IncomingMessage From(
        string messageId, string receiptHandle, string body,
        IEnumerable<KeyValuePair<string, string?>> messageAttributes, IReadOnlyDictionary<string, string>? systemAttributes)
    {
        ArgumentNullException.ThrowIfNull(messageAttributes);
        var attributes = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in messageAttributes)
        {
            if (value is not null)
            {
                attributes[name] = value;
            }
        }

        var receiveCount = systemAttributes is not null && systemAttributes.TryGetValue("ApproximateReceiveCount", out var rc)
            && int.TryParse(rc, CultureInfo.InvariantCulture, out var n) ? n : 1;
        return new IncomingMessage(messageId, receiptHandle, body, receiveCount, attributes);
    }
}
