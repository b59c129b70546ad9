using System.Text.Json.Serialization;
using Pipeline.Sandbox.BambooHr;

namespace Pipeline.TestSupport.Pipeline;

/// <summary>The BambooHR sandbox's admin JSON (camelCase), read and written without reflection.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(SeedDocument))]
[JsonSerializable(typeof(Dictionary<string, string?>))]
[JsonSerializable(typeof(FaultSettings))]
[JsonSerializable(typeof(CalendarSettings))]
internal sealed partial class StackJsonContext : JsonSerializerContext;
