using Pipeline.Sandbox.Moodle.Protocol;
using Pipeline.Sandbox.Moodle.Users;

namespace Pipeline.Sandbox.Moodle.Functions;

/// <summary>user_get_user_details(): which keys appear depends on emptiness, exactly as Moodle decides it.</summary>
internal static class UserDetails
{
    public static UserDetailsDto? Visible(SandboxUser user, Caller caller, SiteFacts site) =>
        caller.Role == CallerRole.Admin || caller.UserId == user.Id ? Build(user, site) : null;

    public static UserDetailsDto Build(SandboxUser u, SiteFacts site)
    {
        var custom = u.CustomFields
            .Where(kv => kv.Value.Length > 0 && site.CustomFields.ContainsKey(kv.Key))
            .OrderBy(kv => kv.Key, StringComparer.Ordinal)
            .Select(kv => new CustomFieldDto("text", kv.Value, kv.Value, site.CustomFields[kv.Key], kv.Key))
            .ToList();
        return new UserDetailsDto
        {
            Id = u.Id,
            Username = u.Username,
            Firstname = u.FirstName,
            Lastname = u.LastName,
            Fullname = $"{u.FirstName} {u.LastName}",
            Email = u.Email,
            Department = u.Department, // isset() in Moodle: shown even when empty
            Institution = NullIfEmpty(u.Institution),
            Idnumber = NullIfEmpty(u.IdNumber),
            Auth = u.Auth,
            Suspended = u.Suspended,
            Confirmed = u.Confirmed,
            Lang = u.Lang,
            Theme = u.Theme,
            Timezone = u.Timezone,
            Mailformat = u.MailFormat,
            City = NullIfEmpty(u.City),
            Country = NullIfEmpty(u.Country),
            Profileimageurlsmall = site.ImageUrl("f2"),
            Profileimageurl = site.ImageUrl("f1"),
            Customfields = custom.Count > 0 ? custom : null,
        };
    }

    /// <summary>The value of the searched field in the details, for Moodle's "!empty($userdetails[$field])" filter.</summary>
    public static string? FieldValue(UserDetailsDto d, string field) => field switch
    {
        "id" => d.Id == 0 ? null : d.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
        "idnumber" => d.Idnumber,
        "username" => d.Username,
        "email" => d.Email,
        _ => null,
    };

    private static string? NullIfEmpty(string s) => s.Length == 0 ? null : s;
}
