using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Pipeline.Sandbox.Moodle.Protocol;
using Pipeline.Sandbox.Moodle.Users;

namespace Pipeline.Sandbox.Moodle.Functions;

/// <summary>
/// core_user_get_users: AND of criteria; names and email use a case-insensitive LIKE; unknown keys become warnings and
/// filter nothing (only unknown keys: every user).
/// </summary>
internal static class GetUsers
{
    public const string Name = "core_user_get_users";

    public static JsonNode? Execute(WsCall call)
    {
        var warnings = new List<WarningDto>();
        var filters = new List<Func<SandboxUser, bool>>();
        var used = new HashSet<string>(StringComparer.Ordinal);
        foreach (var c in call.Params.List("criteria"))
        {
            var key = c.Str("key")!;
            var value = c.Str("value")!;
            if (!used.Add(key))
            {
                throw MoodleError.UnknownString("keyalreadyset", $"The key {key} can only be sent once");
            }

            switch (key)
            {
                case "id":
                    var id = ParamTypes.Clean(ParamTypes.Int, value);
                    filters.Add(u => u.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) == id);
                    break;
                case "idnumber":
                    filters.Add(u => u.IdNumber == value);
                    break;
                case "username":
                    var username = ParamTypes.CleanUsername(value);
                    filters.Add(u => u.Username == username);
                    break;
                case "auth":
                    filters.Add(u => u.Auth == value);
                    break;
                case "email":
                    filters.Add(Like(value.Trim(), u => u.Email));
                    break;
                case "firstname":
                    filters.Add(Like(value, u => u.FirstName));
                    break;
                case "lastname":
                    filters.Add(Like(value, u => u.LastName));
                    break;
                default:
                    warnings.Add(new WarningDto(key, null, "invalidfieldparameter",
                        $"The search key '{key}' is not supported, look at the web service documentation"));
                    break;
            }
        }

        // Moodle's SQL starts as "deleted = 0" and each supported criterion adds an AND: when every key sent was
        // unsupported (warnings only) the answer is every user, as the real Moodle 4.5 gives it (fixtures README).
        var users = call.Store.Rows
            .Where(u => !u.Deleted && filters.All(f => f(u)))
            .Select(u => UserDetails.Visible(u, call.Caller, call.Site))
            .OfType<UserDetailsDto>()
            .ToList();
        return JsonSerializer.SerializeToNode(new UsersWithWarningsDto(users, warnings), WsJsonContext.Default.UsersWithWarningsDto);
    }

    private static Func<SandboxUser, bool> Like(string pattern, Func<SandboxUser, string> field)
    {
        var regex = new Regex(
            "^" + Regex.Escape(pattern).Replace("%", ".*", StringComparison.Ordinal).Replace("_", ".", StringComparison.Ordinal) + "$",
            RegexOptions.IgnoreCase | RegexOptions.Singleline | RegexOptions.CultureInvariant,
            TimeSpan.FromSeconds(1));
        return u => regex.IsMatch(field(u));
    }
}
