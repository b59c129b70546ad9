using Pipeline.Domain;
using Pipeline.Moodle;

namespace Pipeline.Consumer.Handling;

/// <summary>Translates domain decisions into Moodle client requests and Moodle users into domain state.</summary>
public static class MoodleRequests
{
    public static MoodleUserState ToState(MoodleUser u) => new(
        u.Id, u.Username, u.IdNumber, u.FirstName, u.LastName, u.Email, u.Department, u.Institution, u.City, u.Country,
        u.Auth, u.Suspended, u.CustomFields);

    public static NewMoodleUser ToNewUser(DesiredUser d) => new()
    {
        Username = d.Username,
        Auth = d.Auth,
        CreatePassword = d.CreatePassword,
        FirstName = d.FirstName,
        LastName = d.LastName,
        Email = d.Email,
        IdNumber = d.IdNumber,
        Department = d.Department,
        Institution = d.Institution,
        City = d.City,
        Country = d.Country,
        CustomFields = d.CustomFields.Count == 0 ? null : d.CustomFields,
    };

    public static MoodleUserUpdate ToUpdate(long userId, IReadOnlyList<FieldChange> changes)
    {
        var update = new MoodleUserUpdate { Id = userId };
        Dictionary<string, string?>? custom = null;
        foreach (var change in changes)
        {
            var value = change.New ?? string.Empty;
            update = change.Field switch
            {
                "username" => update with { Username = value },
                "idnumber" => update with { IdNumber = value },
                "firstname" => update with { FirstName = value },
                "lastname" => update with { LastName = value },
                "email" => update with { Email = value },
                "department" => update with { Department = value },
                "institution" => update with { Institution = value },
                "city" => update with { City = value },
                "country" => update with { Country = value },
                "auth" => update with { Auth = value },
                "suspended" => update with { Suspended = value is "1" or "true" or "True" },
                _ when change.Field.StartsWith("customfield:", StringComparison.Ordinal) => AddCustom(update, change, ref custom),
                _ => throw new InvalidOperationException($"Unknown Moodle field '{change.Field}' in a reconcile decision."),
            };
        }

        return custom is null ? update : update with { CustomFields = custom };
    }

    private static MoodleUserUpdate AddCustom(MoodleUserUpdate update, FieldChange change, ref Dictionary<string, string?>? custom)
    {
        custom ??= new Dictionary<string, string?>(StringComparer.Ordinal);
        custom[change.Field["customfield:".Length..]] = change.New;
        return update;
    }
}
