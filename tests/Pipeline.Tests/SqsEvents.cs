using System.Globalization;
using System.Text.Json;
using Amazon.SQS.Model;

namespace Pipeline.Pipeline.Tests;

/// <summary>
/// The SQS event Lambda hands a function, shaped like AWS's documented sample (Records with messageId, receiptHandle,
/// body, attributes, messageAttributes with stringValue/stringListValues/binaryListValues/dataType, md5OfBody,
/// eventSource, eventSourceARN, awsRegion), built from messages really received from the emulator queue.
/// </summary>
internal static class SqsEvents
{
    public static MemoryStream From(IEnumerable<Message> messages, string queueArn, string region)
    {
        var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream))
        {
            json.WriteStartObject();
            json.WriteStartArray("Records");
            foreach (var m in messages)
            {
                json.WriteStartObject();
                json.WriteString("messageId", m.MessageId);
                json.WriteString("receiptHandle", m.ReceiptHandle);
                json.WriteString("body", m.Body);
                json.WriteStartObject("attributes");
                json.WriteString("ApproximateReceiveCount", Attribute(m, "ApproximateReceiveCount", "1"));
                json.WriteString("SentTimestamp", Attribute(m, "SentTimestamp", "1545082649183"));
                json.WriteString("SenderId", Attribute(m, "SenderId", "AIDAIENQZJOLO23YVJ4VO"));
                json.WriteString("ApproximateFirstReceiveTimestamp", Attribute(m, "ApproximateFirstReceiveTimestamp", "1545082649185"));
                json.WriteEndObject();
                json.WriteStartObject("messageAttributes");
                foreach (var (name, value) in m.MessageAttributes ?? [])
                {
                    json.WriteStartObject(name);
                    json.WriteString("stringValue", value.StringValue);
                    json.WriteStartArray("stringListValues");
                    json.WriteEndArray();
                    json.WriteStartArray("binaryListValues");
                    json.WriteEndArray();
                    json.WriteString("dataType", value.DataType);
                    json.WriteEndObject();
                }

                json.WriteEndObject();
                json.WriteString("md5OfBody", m.MD5OfBody);
                json.WriteString("eventSource", "aws:sqs");
                json.WriteString("eventSourceARN", queueArn);
                json.WriteString("awsRegion", region);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        stream.Position = 0;
        return stream;
    }

    /// <summary>The ids in a partial-batch response, in order; fails the test when the shape is not exactly {"batchItemFailures":[{"itemIdentifier":..}]}.</summary>
    public static List<string> FailedIds(Stream response)
    {
        using var document = JsonDocument.Parse(response);
        var root = document.RootElement;
        Assert.Equal(JsonValueKind.Object, root.ValueKind);
        var property = Assert.Single(root.EnumerateObject());
        Assert.Equal("batchItemFailures", property.Name);
        return property.Value.EnumerateArray().Select(item =>
        {
            var only = Assert.Single(item.EnumerateObject());
            Assert.Equal("itemIdentifier", only.Name);
            return only.Value.GetString()!;
        }).ToList();
    }

    private static string Attribute(Message m, string name, string fallback) =>
        m.Attributes is not null && m.Attributes.TryGetValue(name, out var value) ? value : string.Create(CultureInfo.InvariantCulture, $"{fallback}");
}
