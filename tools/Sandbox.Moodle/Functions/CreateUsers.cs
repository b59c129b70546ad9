using System.Text.Json;
using System.Text.Json.Nodes;
using Pipeline.Sandbox.Moodle.Protocol;
using Pipeline.Sandbox.Moodle.Users;

namespace Pipeline.Sandbox.Moodle.Functions;

/// <summary>core_user_create_users: one transaction for the whole call; the first bad user fails it.</summary>
internal static class CreateUsers
{
    public const string Name = "core_user_create_users";

    private static readonly HashSet<string> AvailableAuths =
        ["cas", "db", "email", "ldap", "lti", "manual", "nologin", "none", "oauth2", "shibboleth"];

    private static readonly HashSet<string> InternalAuths = ["manual", "email", "none", "nologin"];

    private static readonly HashSet<string> Themes = ["boost", "classic"];

    public static JsonNode? Execute(WsCall call)
    {
        if (call.Caller.Role != CallerRole.Admin)
        {
            throw MoodleError.NoPermissions("Create users");
        }

        var store = call.Store;
        var pending = new List<SandboxUser>();
        foreach (var u in call.Params.List("users"))
        {
            pending.Add(Prepare(u, store, pending));
        }

        foreach (var user in pending)
        {
            store.Add(user);
        }

        call.Stats.UsersWritten(Name, pending.Count);
        var created = pending.Select(u => new CreatedUserDto(u.Id, u.Username)).ToList();
        return JsonSerializer.SerializeToNode(created, WsJsonContext.Default.ListCreatedUserDto);
    }

    private static SandboxUser Prepare(Validated u, UserStore store, List<SandboxUser> pending)
    {
        var username = u.Str("username")!;
        foreach (var field in new[] { "username", "firstname", "lastname" })
        {
            if (u.Str(field)!.Trim().Length == 0)
            {
                throw MoodleError.InvalidParameter($"The field {field} cannot be blank");
            }
        }

        var everyone = store.Rows.Concat(pending).ToList();
        if (everyone.Any(x => x.Username == username))
        {
            throw MoodleError.InvalidParameter("Username already exists: " + username);
        }

        var auth = u.Str("auth")!;
        if (!AvailableAuths.Contains(auth))
        {
            throw MoodleError.InvalidParameter("Invalid authentication type: " + auth);
        }

        if (u.Str("lang") != "en")
        {
            throw MoodleError.InvalidParameter("Invalid language code: " + u.Str("lang"));
        }

        var theme = u.Str("theme");
        if (!string.IsNullOrEmpty(theme) && !Themes.Contains(theme))
        {
            throw MoodleError.InvalidParameter("Invalid theme: " + theme);
        }

        var password = u.Str("password");
        var createPassword = u.Str("createpassword") == "1";
        var isInternal = InternalAuths.Contains(auth);
        if (isInternal && string.IsNullOrEmpty(password) && !createPassword)
        {
            throw MoodleError.InvalidParameter("Invalid password: you must provide a password, or set createpassword.");
        }

        var email = u.Str("email")!;
        if (!EmailRules.IsValid(email))
        {
            throw MoodleError.InvalidParameter("Email address is invalid: " + email);
        }

        if (everyone.Any(x => string.Equals(x.Email, email, StringComparison.OrdinalIgnoreCase)))
        {
            throw MoodleError.InvalidParameter("Email address already exists: " + email);
        }

        // user_create_user(): the policy applies to a given password only, not to a generated one.
        if (isInternal && !createPassword && password is not null)
        {
            var policyError = PasswordPolicy.Check(password);
            if (policyError is not null)
            {
                throw MoodleError.UnknownString(policyError);
            }
        }

        // The INSERT fails on an over-long value before it takes an id: 82 got 4436, 83 failed, 84 got 4437.
        ColumnLimits.CheckUser(u);
        var now = store.Now;
        var user = new SandboxUser
        {
            Id = store.TakeId(), // taken before commit: a rolled-back call still burns the id, as in PostgreSQL
            Username = username,
            Auth = auth,
            HasPassword = isInternal && !createPassword,
            ForcePasswordChange = createPassword,
            FirstName = u.Str("firstname")!,
            LastName = u.Str("lastname")!,
            Email = email,
            IdNumber = u.Str("idnumber") ?? string.Empty,
            Institution = u.Str("institution") ?? string.Empty,
            Department = u.Str("department") ?? string.Empty,
            City = u.Str("city") ?? string.Empty,
            Country = u.Str("country") ?? string.Empty,
            Lang = u.Str("lang") ?? "en",
            Theme = theme ?? string.Empty,
            Timezone = u.Str("timezone") ?? "99",
            MailFormat = int.TryParse(u.Str("mailformat"), out var mf) ? mf : 1,
            TimeCreated = now,
            TimeModified = now,
        };
        foreach (var field in u.List("customfields"))
        {
            // profile_save_data() ignores fields the site does not define.
            user.CustomFields[field.Str("type")!] = field.Str("value")!;
        }

        return user;
    }
}
