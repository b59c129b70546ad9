using System.Text.Json.Serialization;

namespace Pipeline.Sandbox.Moodle.Protocol;

// Property names follow Moodle's lower-case keys through the camelCase policy (Firstaccess -> firstaccess).
internal sealed record ErrorDto(string Exception, string Errorcode, string Message, string? Debuginfo);

internal sealed record CreatedUserDto(long Id, string Username);

internal sealed record WarningDto(string Item, long? Itemid, string Warningcode, string Message);

internal sealed record WarningsDto(IReadOnlyList<WarningDto> Warnings);

internal sealed record UsersWithWarningsDto(IReadOnlyList<UserDetailsDto> Users, IReadOnlyList<WarningDto> Warnings);

internal sealed record CustomFieldDto(string Type, string Value, string Displayvalue, string Name, string Shortname);

internal sealed record UserDetailsDto
{
    public long Id { get; init; }
    public required string Username { get; init; }
    public required string Firstname { get; init; }
    public required string Lastname { get; init; }
    public required string Fullname { get; init; }
    public required string Email { get; init; }
    public string? Department { get; init; }
    public string? Institution { get; init; }
    public string? Idnumber { get; init; }
    public long Firstaccess { get; init; }
    public long Lastaccess { get; init; }
    public required string Auth { get; init; }
    public bool Suspended { get; init; }
    public bool Confirmed { get; init; }
    public required string Lang { get; init; }
    public required string Theme { get; init; }
    public required string Timezone { get; init; }
    public int Mailformat { get; init; }
    public int Trackforums { get; init; }
    public string? City { get; init; }
    public string? Country { get; init; }
    public required string Profileimageurlsmall { get; init; }
    public required string Profileimageurl { get; init; }
    public IReadOnlyList<CustomFieldDto>? Customfields { get; init; }
}

internal sealed record NameVersionDto(string Name, string Version);

internal sealed record NameValueDto(string Name, int Value);

internal sealed record SiteInfoDto
{
    public required string Sitename { get; init; }
    public required string Username { get; init; }
    public required string Firstname { get; init; }
    public required string Lastname { get; init; }
    public required string Fullname { get; init; }
    public required string Lang { get; init; }
    public long Userid { get; init; }
    public required string Siteurl { get; init; }
    public required string Userpictureurl { get; init; }
    public required IReadOnlyList<NameVersionDto> Functions { get; init; }
    public int Downloadfiles { get; init; }
    public int Uploadfiles { get; init; }
    public required string Release { get; init; }
    public required string Version { get; init; }
    public required string Mobilecssurl { get; init; }
    public required IReadOnlyList<NameValueDto> Advancedfeatures { get; init; }
    public bool Usercanmanageownfiles { get; init; }
    public long Userquota { get; init; }
    public long Usermaxuploadfilesize { get; init; }
    public int Userhomepage { get; init; }
    public required string Userprivateaccesskey { get; init; }
    public int Siteid { get; init; }
    public required string Sitecalendartype { get; init; }
    public required string Usercalendartype { get; init; }
    public bool Userissiteadmin { get; init; }
    public required string Theme { get; init; }
    public int Limitconcurrentlogins { get; init; }
    public int Policyagreed { get; init; }
}

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ErrorDto))]
[JsonSerializable(typeof(List<CreatedUserDto>))]
[JsonSerializable(typeof(WarningsDto))]
[JsonSerializable(typeof(UsersWithWarningsDto))]
[JsonSerializable(typeof(List<UserDetailsDto>))]
[JsonSerializable(typeof(SiteInfoDto))]
internal sealed partial class WsJsonContext : JsonSerializerContext;
