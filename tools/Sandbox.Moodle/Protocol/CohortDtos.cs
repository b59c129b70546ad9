using System.Text.Json.Serialization;

namespace Pipeline.Sandbox.Moodle.Protocol;

/// <summary>create_cohorts' item: no customfields key (unlike get and search, fixture 89).</summary>
internal sealed record CreatedCohortDto(long Id, string Name, string Idnumber, string Description, int Descriptionformat, bool Visible, string Theme);

internal sealed record CohortCustomFieldDto(string Name, string Shortname, string Type, string Valueraw, string Value);

/// <summary>get_cohorts' and search_cohorts' item (fixtures 91, 92).</summary>
internal sealed record CohortDto(
    long Id, string Name, string Idnumber, string Description, int Descriptionformat, bool Visible, string Theme,
    IReadOnlyList<CohortCustomFieldDto> Customfields);

internal sealed record CohortSearchDto(IReadOnlyList<CohortDto> Cohorts);

internal sealed record CohortMembersDto(long Cohortid, IReadOnlyList<long> Userids);

/// <summary>add_cohort_members' warnings carry no item or itemid (fixtures 93–95).</summary>
internal sealed record CohortWarningDto(string Warningcode, string Message);

internal sealed record CohortWarningsDto(IReadOnlyList<CohortWarningDto> Warnings);

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(List<CreatedCohortDto>))]
[JsonSerializable(typeof(List<CohortDto>))]
[JsonSerializable(typeof(CohortSearchDto))]
[JsonSerializable(typeof(List<CohortMembersDto>))]
[JsonSerializable(typeof(CohortWarningsDto))]
internal sealed partial class CohortJsonContext : JsonSerializerContext;
