using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Pipeline.Sandbox.Moodle.Protocol;
using Pipeline.Sandbox.Moodle.Users;

namespace Pipeline.Sandbox.Moodle.Functions;

/// <summary>
/// core_user_delete_users: all or nothing. Moodle keeps the row, marks it deleted and anonymises it:
/// username becomes "email.time", email becomes md5(old username), idnumber and profile data are cleared.
/// </summary>
internal static class DeleteUsers
{
    public const string Name = "core_user_delete_users";

    public static JsonNode? Execute(WsCall call)
    {
        if (call.Caller.Role != CallerRole.Admin)
        {
            throw MoodleError.NoPermissions("Delete users");
        }

        var store = call.Store;
        var victims = new List<SandboxUser>();
        foreach (var item in call.Params.List("userids"))
        {
            var id = long.Parse(item.Value!, CultureInfo.InvariantCulture);
            var user = store.Find(id);
            if (user is null || user.Deleted)
            {
                throw new MoodleError("dml_missing_record_exception", "invaliduser", "Invalid user",
                    $"SELECT * FROM {{user}} WHERE id = ? AND deleted = ?\n[array (\n  0 => {id},\n  1 => 0,\n)]");
            }

            if (user.IsSiteAdmin)
            {
                throw new MoodleError(@"core\exception\moodle_exception", "useradminodelete", "Administrator accounts cannot be deleted.");
            }

            if (user.Id == call.Caller.UserId)
            {
                throw new MoodleError(@"core\exception\moodle_exception", "usernotdeletederror", "User not deleted - error");
            }

            victims.Add(user);
        }

        var now = store.Now;
        var deleted = 0;
        foreach (var user in victims.Where(v => !v.IsGuest))
        {
            var copy = user.Clone();
            var seed = user.Email.Length > 0 ? user.Email : $"{user.Username}.{user.Id}@unknownemail.invalid";
            var suffix = "." + now.ToString(CultureInfo.InvariantCulture);
            var name = ParamTypes.CleanUsername(seed);
            copy.Username = name[..Math.Min(name.Length, 100 - suffix.Length)] + suffix;
            copy.Email = Md5Hex(user.Username);
            copy.IdNumber = string.Empty;
            copy.Deleted = true;
            copy.CustomFields.Clear();
            copy.TimeModified = now;
            store.Add(copy);
            call.Cohorts.RemoveMember(user.Id);
            deleted++;
        }

        call.Stats.UsersWritten(Name, deleted);
        return null;
    }

#pragma warning disable CA5351 // Not security: Moodle stores md5(username) in a deleted user's email column.
    private static string Md5Hex(string text) => Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(text)));
#pragma warning restore CA5351
}
