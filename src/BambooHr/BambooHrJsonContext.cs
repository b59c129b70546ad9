using System.Text.Json.Serialization;

namespace Pipeline.BambooHr;

/// <summary>Request bodies. Responses are read with JsonDocument: their shapes are keyed by id and must be checked by hand.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(CustomReportRequest))]
internal sealed partial class BambooHrJsonContext : JsonSerializerContext;

/// <param name="Filters">None: the whole company, every status.</param>
internal sealed record CustomReportRequest(
    string Title,
    IReadOnlyList<string> Fields,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] CustomReportFilters? Filters);

internal sealed record CustomReportFilters(IReadOnlyList<long> EmployeeIds);
