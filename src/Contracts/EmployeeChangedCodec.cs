using System.Text;
using System.Text.Json;

namespace Pipeline.Contracts;

/// <summary>Strict encode/decode of <see cref="EmployeeChanged"/> with a size guard.</summary>
public static class EmployeeChangedCodec
{
    /// <summary>
    /// SQS accepts up to 1 MiB; we stay far below so attributes, trace context and a DLQ reason
    /// always fit, and a runaway field is caught at the producer rather than at SendMessage.
    /// </summary>
    public const int MaxBodyBytes = 64 * 1024;

    public static string Encode(EmployeeChanged message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var json = ThreadJsonBuffer.Write(message, ContractsJsonContext.Default.EmployeeChanged);
        var size = json.Length;
        if (size > MaxBodyBytes)
        {
            throw new InvalidMessageException(
                "message_too_large",
                $"Employee {message.EmployeeId}: the message is {size} bytes, over the {MaxBodyBytes}-byte limit. " +
                "Check the employee's fields in BambooHR for an unusually long value.");
        }

        return Encoding.UTF8.GetString(json);
    }

    public static EmployeeChanged Decode(string body)
    {
        ArgumentNullException.ThrowIfNull(body);
        if (Encoding.UTF8.GetByteCount(body) > MaxBodyBytes)
        {
            throw new InvalidMessageException("message_too_large", $"The message body is over the {MaxBodyBytes}-byte limit.");
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException ex)
        {
            throw new InvalidMessageException("invalid_json", $"The message body is not JSON: {ex.Message}", ex);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new InvalidMessageException("invalid_json", "The message body is not a JSON object.");
            }

            if (!root.TryGetProperty("schema", out var schema) || schema.ValueKind != JsonValueKind.String
                || schema.GetString() != EmployeeChanged.SchemaName)
            {
                throw new InvalidMessageException("unknown_schema", $"The message is not a {EmployeeChanged.SchemaName} message.");
            }

            if (!root.TryGetProperty("version", out var version) || version.ValueKind != JsonValueKind.Number
                || !version.TryGetInt32(out var v) || v != EmployeeChanged.CurrentVersion)
            {
                throw new InvalidMessageException(
                    "unknown_version",
                    $"The message has schema version {(root.TryGetProperty("version", out var raw) ? raw.ToString() : "(none)")}; " +
                    $"this consumer reads version {EmployeeChanged.CurrentVersion}. Deploy a consumer that knows it, then replay from the DLQ.");
            }

            EmployeeChanged? message;
            try
            {
                message = root.Deserialize(ContractsJsonContext.Default.EmployeeChanged);
            }
            catch (JsonException ex)
            {
                throw new InvalidMessageException("invalid_message", $"The message does not match {EmployeeChanged.SchemaName} v1: {ex.Message}", ex);
            }

            if (message is null)
            {
                throw new InvalidMessageException("invalid_message", "The message is JSON null.");
            }

            Validate(message);
            return message;
        }
    }

    private static void Validate(EmployeeChanged m)
    {
        if (string.IsNullOrWhiteSpace(m.RunId) || string.IsNullOrWhiteSpace(m.EmployeeId))
        {
            throw new InvalidMessageException("invalid_message", "The message has an empty runId or employeeId.");
        }

        if (m.Action != EmployeeAction.Deleted)
        {
            if (m.Snapshot is null)
            {
                throw new InvalidMessageException("invalid_message", $"Employee {m.EmployeeId}: a {m.Action} message has no snapshot.");
            }

            if (m.Snapshot.Id != m.EmployeeId)
            {
                throw new InvalidMessageException("invalid_message", $"Employee {m.EmployeeId}: the snapshot is for employee {m.Snapshot.Id}.");
            }

            if (m.ContentHash != SnapshotHash.Compute(m.Snapshot))
            {
                throw new InvalidMessageException("hash_mismatch", $"Employee {m.EmployeeId}: the content hash does not match the snapshot.");
            }
        }
    }
}
