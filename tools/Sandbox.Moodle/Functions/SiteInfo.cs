using System.Text.Json;
using System.Text.Json.Nodes;
using Pipeline.Sandbox.Moodle.Protocol;

namespace Pipeline.Sandbox.Moodle.Functions;

/// <summary>core_webservice_get_site_info for the caller's token.</summary>
internal static class SiteInfo
{
    public const string Name = "core_webservice_get_site_info";
    public const string Version = "2024100700";
    public const string Release = "4.5 (Build: 20241007)";

    private static readonly string[] Features =
    [
        "usecomments", "usetags", "enablenotes", "messaging", "enableblogs", "enablecompletion", "enablebadges",
        "messagingallusers", "enablecustomreports", "enableglobalsearch", "mnet_dispatcher_mode", "enablecompetencies",
    ];

    private static readonly HashSet<string> Off = ["messagingallusers", "enableglobalsearch", "mnet_dispatcher_mode"];

    public static Func<WsCall, JsonNode?> For(IReadOnlyList<string> serviceFunctions, Func<long, string> privateKey) => call =>
    {
        var user = call.Store.Find(call.Caller.UserId)!;
        var admin = call.Caller.Role == CallerRole.Admin;
        var info = new SiteInfoDto
        {
            Sitename = call.Site.SiteName,
            Username = user.Username,
            Firstname = user.FirstName,
            Lastname = user.LastName,
            Fullname = $"{user.FirstName} {user.LastName}",
            Lang = user.Lang,
            Userid = user.Id,
            Siteurl = call.Site.SiteUrl,
            Userpictureurl = call.Site.ImageUrl("f1"),
            Functions = serviceFunctions.Select(f => new NameVersionDto(f, Version)).ToList(),
            Release = Release,
            Version = Version,
            Mobilecssurl = string.Empty,
            Advancedfeatures = Features.Select(f => new NameValueDto(f, Off.Contains(f) ? 0 : 1)).ToList(),
            Usercanmanageownfiles = true,
            Userquota = admin ? 0 : 104857600,
            Usermaxuploadfilesize = admin ? -1 : 67108864,
            Userhomepage = 1,
            Userprivateaccesskey = privateKey(user.Id),
            Siteid = 1,
            Sitecalendartype = "gregorian",
            Usercalendartype = "gregorian",
            Userissiteadmin = admin,
            Theme = "boost",
        };
        return JsonSerializer.SerializeToNode(info, WsJsonContext.Default.SiteInfoDto);
    };
}
