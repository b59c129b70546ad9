using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Pipeline.Sandbox.Moodle.Protocol;
using Pipeline.Sandbox.Moodle.Users;

namespace Pipeline.Sandbox.Moodle.Functions;

/// <summary>
/// core_user_get_users_by_field: exact (case-sensitive) matches sorted by id; values with no match are simply
/// absent; users the caller may not see are filtered out without an error. Deleted users still match by id.
/// </summary>
internal static class GetUsersByField
{
    public const string Name = "core_user_get_users_by_field";

    public static JsonNode? Execute(WsCall call)
    {
        var field = call.Params.Str("field")!;
        var type = field switch
        {
            "id" => ParamTypes.Int,
            "idnumber" => ParamTypes.Raw,
            "username" => ParamTypes.Username,
            "email" => ParamTypes.RawTrimmed,
            _ => throw new MoodleError(@"core\exception\coding_exception", "codingerror",
                "Coding error detected, it must be fixed by a programmer: invalid field parameter",
                $"The search field '{field}' is not supported, look at the web service documentation"),
        };

        var wanted = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in call.Params.List("values"))
        {
            var value = item.Value!;
            var cleaned = ParamTypes.Clean(type, value);
            if (!LooselyEqual(value, cleaned))
            {
                throw MoodleError.InvalidParameter($"The field '{field}' value is invalid: {value}(cleaned value: {cleaned})");
            }

            wanted.Add(cleaned);
        }

        var found = call.Store.Rows
            .Where(u => wanted.Contains(ValueOf(u, field)))
            .Select(u => UserDetails.Visible(u, call.Caller, call.Site))
            .OfType<UserDetailsDto>()
            .Where(d => !string.IsNullOrEmpty(UserDetails.FieldValue(d, field)))
            .ToList();
        return JsonSerializer.SerializeToNode(found, WsJsonContext.Default.ListUserDetailsDto);
    }

    private static string ValueOf(SandboxUser u, string field) => field switch
    {
        "id" => u.Id.ToString(CultureInfo.InvariantCulture),
        "idnumber" => u.IdNumber,
        "username" => u.Username,
        _ => u.Email,
    };

    /// <summary>PHP's <c>$value != $cleaned</c>: numeric strings compare as numbers.</summary>
    private static bool LooselyEqual(string value, string cleaned) =>
        value == cleaned
        || (decimal.TryParse(value.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var a)
            && decimal.TryParse(cleaned, NumberStyles.Float, CultureInfo.InvariantCulture, out var b)
            && a == b);
}
