using Pipeline.Domain;

namespace Pipeline.Domain.Tests;

/// <summary>
/// Applies a <see cref="Decision"/> to a Moodle user the way Moodle's create_users/update_users would,
/// storing empty values as "" like Moodle does. It asserts every change's Old value is what the user
/// held, so a decision computed against the wrong state fails loudly.
/// </summary>
internal static class MoodleSimulator
{
    public static MoodleUserState? Apply(Decision decision, MoodleUserState? current, long newId = 1000)
    {
        switch (decision)
        {
            case Decision.Create create:
                Assert.Null(current);
                Assert.False(create.User.IsLeaver, "A leaver must never be created: Moodle cannot create suspended users.");
                return Employees.InMoodle(create.User, newId);
            case Decision.Update update:
                Assert.NotNull(current);
                Assert.Equal(current.Id, update.UserId);
                Assert.NotEmpty(update.Changes);
                Assert.Equal(update.Changes.Count, update.Changes.Select(c => c.Field).Distinct().Count());
                var state = current;
                foreach (var change in update.Changes)
                {
                    Assert.Equal(change.Old, Read(state, change.Field));
                    Assert.NotEqual(change.Old, change.New);
                    state = Write(state, change.Field, change.New);
                }

                return state;
            case Decision.NoChange:
            case Decision.Poison:
                return current;
            default:
                throw new InvalidOperationException($"Unknown decision {decision.GetType().Name}.");
        }
    }

    // Moodle's own field names, written out here rather than taken from the field table, so a reconciler that names a
    // field Moodle does not have fails here.
    public static string? Read(MoodleUserState s, string field)
    {
        var value = field switch
        {
            "username" => s.Username,
            "idnumber" => s.IdNumber,
            "email" => s.Email,
            "auth" => s.Auth,
            "suspended" => s.Suspended ? "1" : "0",
            "firstname" or "lastname" or "department" or "institution" or "city" or "country" => s.Profile[field],
            _ when field.StartsWith(CustomFieldPrefix, StringComparison.Ordinal) => s.CustomFields.GetValueOrDefault(field[CustomFieldPrefix.Length..]),
            _ => throw new InvalidOperationException($"Unknown Moodle field {field}."),
        };
        return string.IsNullOrEmpty(value) ? null : value;
    }

    private static MoodleUserState Write(MoodleUserState s, string field, string? value)
    {
        var v = value ?? "";
        return field switch
        {
            "username" => s with { Username = v },
            "idnumber" => s with { IdNumber = v },
            "email" => s with { Email = v },
            "auth" => s with { Auth = v },
            "suspended" => s with { Suspended = v == "1" },
            "firstname" or "lastname" or "department" or "institution" or "city" or "country" => s.With(field, v),
            _ when field.StartsWith(CustomFieldPrefix, StringComparison.Ordinal) => s with
            {
                CustomFields = s.CustomFields.With(field[CustomFieldPrefix.Length..], v),
            },
            _ => throw new InvalidOperationException($"Unknown Moodle field {field}."),
        };
    }

    private const string CustomFieldPrefix = "customfield:";
}
