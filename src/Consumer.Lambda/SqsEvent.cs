using System.Text.Json.Serialization;

namespace Pipeline.Consumer.Lambda;

// The SQS event Lambda delivers, as AWS documents it. Our own records: Amazon.Lambda.SQSEvents is not available here.
public sealed record SqsEvent([property: JsonPropertyName("Records")] IReadOnlyList<SqsEventRecord> Records);

public sealed record SqsEventRecord(
    [property: JsonPropertyName("messageId")] string MessageId,
    [property: JsonPropertyName("receiptHandle")] string ReceiptHandle,
    [property: JsonPropertyName("body")] string Body,
    [property: JsonPropertyName("attributes")] IReadOnlyDictionary<string, string>? Attributes,
    [property: JsonPropertyName("messageAttributes")] IReadOnlyDictionary<string, SqsEventMessageAttribute>? MessageAttributes,
    [property: JsonPropertyName("eventSourceARN")] string? EventSourceArn,
    [property: JsonPropertyName("eventSource")] string? EventSource,
    [property: JsonPropertyName("awsRegion")] string? AwsRegion,
    [property: JsonPropertyName("md5OfBody")] string? Md5OfBody);

public sealed record SqsEventMessageAttribute(
    [property: JsonPropertyName("stringValue")] string? StringValue,
    [property: JsonPropertyName("dataType")] string? DataType);

public sealed record SqsBatchResponse([property: JsonPropertyName("batchItemFailures")] IReadOnlyList<SqsBatchItemFailure> BatchItemFailures);

public sealed record SqsBatchItemFailure([property: JsonPropertyName("itemIdentifier")] string ItemIdentifier);

[JsonSourceGenerationOptions(AllowTrailingCommas = true)]
[JsonSerializable(typeof(SqsEvent))]
[JsonSerializable(typeof(SqsBatchResponse))]
public sealed partial class LambdaJsonContext : JsonSerializerContext;
