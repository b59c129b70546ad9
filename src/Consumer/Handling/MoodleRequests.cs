using Pipeline.Domain;
using Pipeline.Domain.Fields;
using Pipeline.Moodle;

namespace Pipeline.Consumer.Handling;

/// <summary>
/// Translates domain decisions into Moodle client requests and Moodle users into domain state. Descriptive fields
/// travel as one profile by the field table's names (<see cref="FieldTable.Moodle.Descriptive"/>), never one by one.
/// </summary>
public static class MoodleRequests
{
    public static MoodleUserState ToState(MoodleUser u) => new(
        u.Id, u.Username, u.IdNumber, u.Email, u.Auth, u.Suspended, new FieldValues(u.Profile), new FieldValues(u.CustomFields));

    public static NewMoodleUser ToNewUser(DesiredUser d) => new()
    {
        Username = d.Username,
        Auth = d.Auth,
        CreatePassword = d.CreatePassword,
        Email = d.Email,
        IdNumber = d.IdNumber,
        Profile = d.Profile,
        CustomFields = d.CustomFields.Count == 0 ? null : d.CustomFields,
    };

    public static MoodleUserUpdate ToUpdate(long userId, IReadOnlyList<FieldChange> changes)
    {
        var update = new MoodleUserUpdate { Id = userId };
        Dictionary<string, string?>? profile = null;
        Dictionary<string, string?>? custom = null;
        foreach (var change in changes)
        {
            var value = change.New ?? string.Empty;
            if (FieldTable.Moodle.IsCustomField(change.Field, out var shortname))
            {
                (custom ??= new(StringComparer.Ordinal))[shortname] = change.New;
                continue;
            }

            var field = FieldTable.Moodle.ByName(change.Field)
                ?? throw new InvalidOperationException($"Unknown Moodle field '{change.Field}' in a reconcile decision.");
            if (field.Role == FieldRole.Descriptive)
            {
                (profile ??= new(StringComparer.Ordinal))[field.Name] = value;
                continue;
            }

            update = field == FieldTable.Moodle.Suspended ? update with { Suspended = value is "1" or "true" or "True" }
                : field == FieldTable.Moodle.Username ? update with { Username = value }
                : field == FieldTable.Moodle.IdNumber ? update with { IdNumber = value }
                : field == FieldTable.Moodle.Email ? update with { Email = value }
                : field == FieldTable.Moodle.Auth ? update with { Auth = value }
                : throw new InvalidOperationException($"Moodle field '{change.Field}' has no place in an update.");
        }

        return update with { Profile = profile, CustomFields = custom };
    }
}
