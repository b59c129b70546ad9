using Amazon.SQS.Model;
using Pipeline.Contracts;

namespace Pipeline.Queue;

/// <summary>Maps our string-only attribute dictionaries to and from SQS message attributes.</summary>
internal static class SqsAttributes
{
    public const string StringType = "String";

    /// <summary>SQS rejects empty string attribute values, so an empty value is the same as an absent one.</summary>
    public static bool IsSent(string? value) => !string.IsNullOrEmpty(value);

    public static Dictionary<string, MessageAttributeValue> ToSqs(IReadOnlyDictionary<string, string> attributes)
    {
        var result = new Dictionary<string, MessageAttributeValue>(attributes.Count, StringComparer.Ordinal);
        foreach (var (name, value) in attributes)
        {
            if (IsSent(value))
            {
                result[name] = new MessageAttributeValue { DataType = StringType, StringValue = value };
            }
        }

        return result;
    }

    /// <summary>String and Number attributes keep their text; Binary ones (never sent by us) become base64.</summary>
    public static Dictionary<string, string> FromSqs(Dictionary<string, MessageAttributeValue>? attributes)
    {
        var result = new Dictionary<string, string>(attributes?.Count ?? 0, StringComparer.Ordinal);
        if (attributes is null)
        {
            return result;
        }

        foreach (var (name, value) in attributes)
        {
            if (value.StringValue is { } text)
            {
                result[name] = text;
            }
            else if (value.BinaryValue is { } binary)
            {
                result[name] = Convert.ToBase64String(binary.ToArray());
            }
        }

        return result;
    }

    public static bool IsFailureAttribute(string name) =>
        name is MessageAttributes.FailureCode or MessageAttributes.FailureMessage
            or MessageAttributes.FailureAttempts or MessageAttributes.FailedAt;

    /// <summary>Upper bound of the bytes SQS counts for a message: UTF-8 is at most 3 bytes per UTF-16 char.</summary>
    public static int MaxByteSize(OutgoingMessage message)
    {
        var chars = message.Body.Length;
        foreach (var (name, value) in message.Attributes)
        {
            chars += name.Length + (value?.Length ?? 0) + StringType.Length;
        }

        return chars * 3;
    }

    public static int ExactByteSize(OutgoingMessage message)
    {
        var bytes = System.Text.Encoding.UTF8.GetByteCount(message.Body);
        foreach (var (name, value) in message.Attributes)
        {
            bytes += System.Text.Encoding.UTF8.GetByteCount(name) + System.Text.Encoding.UTF8.GetByteCount(value ?? "") + StringType.Length;
        }

        return bytes;
    }
}
