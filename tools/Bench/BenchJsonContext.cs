using System.Text.Json.Serialization;

namespace Pipeline.Bench;

[JsonSerializable(typeof(Dictionary<string, string?>))]
internal sealed partial class BenchJsonContext : JsonSerializerContext;
