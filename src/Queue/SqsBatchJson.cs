using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Amazon.SQS.Model;

namespace Pipeline.Queue;

/// <summary>SendMessageBatch in SQS's JSON protocol (awsJson1_0): the request written straight from the publisher's messages, the answer read into the SDK's model.</summary>
internal static class SqsBatchJson
{
    // SQS reads any valid JSON; escaping only what JSON requires keeps message bodies (JSON themselves) compact.
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true };

    public static void WriteRequest(string queueUrl, IReadOnlyList<OutgoingMessage> messages, IReadOnlyList<int> indices, IBufferWriter<byte> output)
    {
        using var json = new Utf8JsonWriter(output, WriterOptions);
        json.WriteStartObject();
        json.WriteString("QueueUrl"u8, queueUrl);
        json.WriteStartArray("Entries"u8);
        for (var position = 0; position < indices.Count; position++)
        {
            var message = messages[indices[position]];
            json.WriteStartObject();
            json.WriteString("Id"u8, BatchEntries.Id(position));
            json.WriteString("MessageBody"u8, message.Body);
            var opened = false;
            foreach (var (name, value) in message.Attributes)
            {
                if (!SqsAttributes.IsSent(value))
                {
                    continue;
                }

                if (!opened)
                {
                    json.WriteStartObject("MessageAttributes"u8);
                    opened = true;
                }

                json.WriteStartObject(name);
                json.WriteString("DataType"u8, SqsAttributes.StringType);
                json.WriteString("StringValue"u8, value);
                json.WriteEndObject();
            }

            if (opened)
            {
                json.WriteEndObject();
            }

            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    public static SendMessageBatchResponse ReadResponse(ReadOnlySpan<byte> body)
    {
        var answer = body.IsEmpty ? null : JsonSerializer.Deserialize(body, SqsJsonContext.Default.BatchAnswer);
        var response = new SendMessageBatchResponse
        {
            Successful = new List<SendMessageBatchResultEntry>(answer?.Successful?.Count ?? 0),
            Failed = new List<BatchResultErrorEntry>(answer?.Failed?.Count ?? 0),
        };
        foreach (var ok in answer?.Successful ?? [])
        {
            response.Successful.Add(new SendMessageBatchResultEntry
            {
                Id = ok.Id,
                MessageId = ok.MessageId,
                MD5OfMessageBody = ok.MD5OfMessageBody,
                MD5OfMessageAttributes = ok.MD5OfMessageAttributes,
                SequenceNumber = ok.SequenceNumber,
            });
        }

        foreach (var failed in answer?.Failed ?? [])
        {
            response.Failed.Add(new BatchResultErrorEntry { Id = failed.Id, Code = failed.Code, Message = failed.Message, SenderFault = failed.SenderFault });
        }

        return response;
    }

    /// <summary>The error's code and message from a JSON error body (<c>{"__type":"com.amazonaws.sqs#Code","message":"..."}</c>).</summary>
    public static (string? Code, string? Message) ReadError(ReadOnlySpan<byte> body)
    {
        ErrorAnswer? error;
        try
        {
            error = body.IsEmpty ? null : JsonSerializer.Deserialize(body, SqsJsonContext.Default.ErrorAnswer);
        }
        catch (JsonException)
        {
            return (null, null); // a proxy's HTML page, say: the status code is all there is
        }

        var type = error?.Type;
        var code = type is null ? null : type[(type.LastIndexOf('#') + 1)..];
        return (string.IsNullOrEmpty(code) ? null : code, error?.Message);
    }
}

internal sealed class BatchAnswer
{
    public List<BatchAnswerSuccess>? Successful { get; set; }

    public List<BatchAnswerFailure>? Failed { get; set; }
}

internal sealed class BatchAnswerSuccess
{
    public string? Id { get; set; }

    public string? MessageId { get; set; }

    public string? MD5OfMessageBody { get; set; }

    public string? MD5OfMessageAttributes { get; set; }

    public string? SequenceNumber { get; set; }
}

internal sealed class BatchAnswerFailure
{
    public string? Id { get; set; }

    public bool? SenderFault { get; set; }

    public string? Code { get; set; }

    public string? Message { get; set; }
}

internal sealed class ErrorAnswer
{
    [JsonPropertyName("__type")]
    public string? Type { get; set; }

    public string? Message { get; set; }
}

[JsonSourceGenerationOptions(PropertyNameCaseInsensitive = true)]
[JsonSerializable(typeof(BatchAnswer))]
[JsonSerializable(typeof(ErrorAnswer))]
internal sealed partial class SqsJsonContext : JsonSerializerContext;
