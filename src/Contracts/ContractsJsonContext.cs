using System.Text.Json.Serialization;

namespace Pipeline.Contracts;

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    UseStringEnumConverter = true,
    RespectNullableAnnotations = true,
    RespectRequiredConstructorParameters = true,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    AllowTrailingCommas = false,
    NumberHandling = JsonNumberHandling.Strict)]
[JsonSerializable(typeof(EmployeeChanged))]
[JsonSerializable(typeof(EmployeeSnapshot))]
[JsonSerializable(typeof(RunSummary))]
public sealed partial class ContractsJsonContext : JsonSerializerContext;
