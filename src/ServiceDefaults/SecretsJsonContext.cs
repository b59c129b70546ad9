using System.Text.Json.Serialization;

namespace Pipeline.ServiceDefaults;

internal sealed record SecretValueEnvelope(
    [property: JsonPropertyName("SecretString")] string? SecretString,
    [property: JsonPropertyName("Name")] string? Name);

[JsonSerializable(typeof(SecretValueEnvelope))]
[JsonSerializable(typeof(Dictionary<string, string>))]
internal sealed partial class SecretsJsonContext : JsonSerializerContext;
