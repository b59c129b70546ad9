using System.Text.Json;
using System.Text.Json.Serialization;

namespace Pipeline.Moodle.Wire;

// Moodle's JSON keys are single lower-case words; the camelCase policy maps "Firstname" to "firstname".
internal sealed record WireError(string? Exception, string? Errorcode, string? Message, string? Debuginfo);

internal sealed record WireCustomField(string? Type, string? Value, string? Displayvalue, string? Name, string? Shortname);

internal sealed record WireUser(
    long Id,
    string? Username,
    string? Email,
    string? Idnumber,
    string? Auth,
    [property: JsonConverter(typeof(LenientBoolConverter))] bool Suspended,
    IReadOnlyList<WireCustomField>? Customfields)
{
    /// <summary>
    /// Every other field Moodle sends: the descriptive ones (firstname, city, …) are read from here by the names in the
    /// field table, so a field added to the table is read back without a change here. Settable, not init: System.Text.Json
    /// refuses extension data it would have to pass to a constructor, and it treats init properties that way.
    /// </summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Other { get; set; }
}

internal sealed record WireUsers(IReadOnlyList<WireUser>? Users, IReadOnlyList<WireWarning>? Warnings);

internal sealed record WireCreated(long Id, string Username);

internal sealed record WireWarning(string? Item, long? Itemid, string? Warningcode, string? Message);

internal sealed record WireWarnings(IReadOnlyList<WireWarning>? Warnings);

internal sealed record WireFunction(string Name, string? Version);

internal sealed record WireSiteInfo(
    string? Sitename,
    string? Username,
    long Userid,
    string? Siteurl,
    string? Release,
    string? Version,
    IReadOnlyList<WireFunction>? Functions,
    [property: JsonConverter(typeof(LenientBoolConverter))] bool Userissiteadmin);

/// <summary>Moodle sends booleans as true/false in JSON for some functions and 0/1 (or "0"/"1") for others.</summary>
internal sealed class LenientBoolConverter : JsonConverter<bool>
{
    public override bool Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.TokenType switch
    {
        JsonTokenType.True => true,
        JsonTokenType.False or JsonTokenType.Null => false,
        JsonTokenType.Number => reader.GetDouble() != 0,
        JsonTokenType.String => reader.GetString() is "1" or "true" or "True",
        _ => throw new JsonException($"Expected a boolean, got {reader.TokenType}."),
    };

    public override void Write(Utf8JsonWriter writer, bool value, JsonSerializerOptions options) => writer.WriteBooleanValue(value);
}

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    NumberHandling = JsonNumberHandling.AllowReadingFromString)]
[JsonSerializable(typeof(WireError))]
[JsonSerializable(typeof(List<WireUser>))]
[JsonSerializable(typeof(WireUsers))]
[JsonSerializable(typeof(List<WireCreated>))]
[JsonSerializable(typeof(WireWarnings))]
[JsonSerializable(typeof(WireSiteInfo))]
internal sealed partial class MoodleWireJsonContext : JsonSerializerContext;
