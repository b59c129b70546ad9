using Pipeline.Contracts;

namespace Pipeline.Consumer.Handling.Stages;

/// <summary>
/// Decode and park: each message's body through the strict codec, checked against its attributes. A message that
/// fails is parked in the DLQ with the codec's reason (invalid_json, unknown_version, ...) and settled; the others go on.
/// </summary>
internal sealed class DecodeStage(Settler settler)
{
    public async Task<IReadOnlyList<Delivery>> DecodeAsync(ConsumerBatch batch, CancellationToken ct)
    {
        var decoded = new List<Delivery>(batch.Messages.Count);
        foreach (var message in batch.Messages)
        {
            try
            {
                decoded.Add(new Delivery(message, Decode(message)));
            }
            catch (InvalidMessageException ex)
            {
                message.Attributes.TryGetValue(MessageAttributes.RunId, out var runId);
                message.Attributes.TryGetValue(MessageAttributes.EmployeeId, out var employeeId);
                await settler.ParkAsync(message, runId, employeeId, ex.Code, ex.Message, batch, ct).ConfigureAwait(false);
            }
        }

        return decoded;
    }

    private static EmployeeChanged Decode(IncomingMessage message)
    {
        var change = EmployeeChangedCodec.Decode(message.Body);
        if (message.Attributes.TryGetValue(MessageAttributes.EmployeeId, out var attrEmployee)
            && !string.Equals(attrEmployee, change.EmployeeId, StringComparison.Ordinal))
        {
            throw new InvalidMessageException("attribute_mismatch",
                $"The message's employee_id attribute ({attrEmployee}) does not match its body ({change.EmployeeId}).");
        }

        if (message.Attributes.ContainsKey(MessageAttributes.FailureCode))
        {
            // A DLQ reason on a main-queue message means someone sent it by hand dressed as a replay; replay strips them.
            throw new InvalidMessageException("forged_attributes",
                "The message carries dead-letter attributes on the main queue. Use `pipeline dlq replay` to move messages back.");
        }

        return change;
    }
}
