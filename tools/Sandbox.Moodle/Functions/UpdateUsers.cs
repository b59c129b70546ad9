using System.Text.Json;
using System.Text.Json.Nodes;
using Pipeline.Sandbox.Moodle.Protocol;
using Pipeline.Sandbox.Moodle.Users;

namespace Pipeline.Sandbox.Moodle.Functions;

/// <summary>core_user_update_users: one transaction per user; a bad user becomes a warning, the others are saved.</summary>
internal static class UpdateUsers
{
    public const string Name = "core_user_update_users";

    public static JsonNode? Execute(WsCall call)
    {
        if (call.Caller.Role != CallerRole.Admin)
        {
            throw MoodleError.NoPermissions("Update user profiles");
        }

        var warnings = new List<WarningDto>();
        var written = 0;
        foreach (var u in call.Params.List("users"))
        {
            var id = long.Parse(u.Str("id")!, System.Globalization.CultureInfo.InvariantCulture);
            try
            {
                Apply(u, id, call.Store);
                written++;
            }
            catch (MoodleError e)
            {
                warnings.Add(new WarningDto("user", id, e.ErrorCode, e.Message));
            }
        }

        call.Stats.UsersWritten(Name, written);
        return JsonSerializer.SerializeToNode(new WarningsDto(warnings), WsJsonContext.Default.WarningsDto);
    }

    private static void Apply(Validated u, long id, UserStore store)
    {
        var existing = store.Find(id) ?? throw new MoodleError(@"core\exception\moodle_exception", "invaliduserid", "Invalid user ID");
        if (existing.Deleted)
        {
            throw MoodleError.UnknownString("usernotupdateddeleted");
        }

        if (existing.IsGuest)
        {
            throw MoodleError.UnknownString("usernotupdatedguest");
        }

        var email = u.Str("email");
        if (email is not null && email != existing.Email)
        {
            if (!EmailRules.IsValid(email))
            {
                throw MoodleError.UnknownString("useremailinvalid");
            }

            if (store.Rows.Any(x => x.Id != id && string.Equals(x.Email, email, StringComparison.OrdinalIgnoreCase)))
            {
                throw new MoodleError(@"core\exception\moodle_exception", "useremailduplicate", "Duplicate address");
            }
        }

        var username = u.Str("username");
        if (username is not null && store.Rows.Any(x => x.Id != id && x.Username == username))
        {
            // No check in user_update_user(): the unique index refuses it.
            throw new MoodleError("dml_write_exception", "dmlwriteexception", "Error writing to database");
        }

        var password = u.Str("password");
        if (password is not null && PasswordPolicy.Check(password) is { } policyError)
        {
            throw MoodleError.UnknownString(policyError);
        }

        // No length check in user_update_user(): the UPDATE fails and the user becomes a dmlwriteexception warning.
        ColumnLimits.CheckUser(u);

        var user = existing.Clone();
        user.Username = username ?? user.Username;
        user.Auth = u.Str("auth") ?? user.Auth;
        user.Suspended = u.Has("suspended") ? u.Str("suspended") == "1" : user.Suspended;
        user.HasPassword = password is not null || user.HasPassword;
        user.FirstName = u.Str("firstname") ?? user.FirstName;
        user.LastName = u.Str("lastname") ?? user.LastName;
        user.Email = email ?? user.Email;
        user.City = u.Str("city") ?? user.City;
        user.Country = u.Str("country") ?? user.Country;
        user.Timezone = u.Str("timezone") ?? user.Timezone;
        user.IdNumber = u.Str("idnumber") ?? user.IdNumber;
        user.Institution = u.Str("institution") ?? user.Institution;
        user.Department = u.Str("department") ?? user.Department;
        user.Lang = u.Str("lang") ?? user.Lang;
        user.Theme = u.Str("theme") ?? user.Theme;
        user.TimeModified = store.Now;
        foreach (var field in u.List("customfields"))
        {
            user.CustomFields[field.Str("type")!] = field.Str("value")!;
        }

        store.Add(user);
    }
}
