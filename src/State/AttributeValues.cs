using System.Globalization;
using Amazon.DynamoDBv2.Model;

namespace Pipeline.State;

/// <summary>Reading and writing typed values on low-level DynamoDB items.</summary>
internal static class AttributeValues
{
    public static AttributeValue S(string value) => new() { S = value };

    public static AttributeValue N(long value) => new() { N = value.ToString(CultureInfo.InvariantCulture) };

    public static AttributeValue Time(DateTimeOffset value) => new() { S = Timestamps.Format(value) };

    /// <summary>A flag is stored only when set, so items written before it existed read as false.</summary>
    public static AttributeValue True() => new() { BOOL = true };

    public static Dictionary<string, AttributeValue> Key(string pk, string sk) => new()
    {
        [StateKeys.Pk] = S(pk),
        [StateKeys.Sk] = S(sk),
    };

    public static string? GetString(this Dictionary<string, AttributeValue> item, string name) =>
        item.TryGetValue(name, out var value) ? value.S : null;

    public static string GetRequiredString(this Dictionary<string, AttributeValue> item, string name) =>
        item.GetString(name) ?? throw Corrupt(item, name);

    public static long? GetLong(this Dictionary<string, AttributeValue> item, string name) =>
        item.TryGetValue(name, out var value) && value.N is not null
            ? long.Parse(value.N, NumberStyles.Integer, CultureInfo.InvariantCulture)
            : null;

    public static int GetInt(this Dictionary<string, AttributeValue> item, string name) =>
        checked((int)(item.GetLong(name) ?? 0));

    public static bool GetFlag(this Dictionary<string, AttributeValue> item, string name) =>
        item.TryGetValue(name, out var value) && value.BOOL == true;

    public static DateTimeOffset? GetTime(this Dictionary<string, AttributeValue> item, string name) =>
        item.GetString(name) is { } text ? Timestamps.Parse(text) : null;

    public static DateTimeOffset GetRequiredTime(this Dictionary<string, AttributeValue> item, string name) =>
        Timestamps.Parse(item.GetRequiredString(name));

    private static InvalidDataException Corrupt(Dictionary<string, AttributeValue> item, string name) =>
        new($"State item {item.GetString(StateKeys.Pk)}/{item.GetString(StateKeys.Sk)} has no '{name}' attribute. " +
            "It was not written by this pipeline or was edited by hand; fix or delete the item.");
}
