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
                var u = create.User;
                return new MoodleUserState(
                    newId, u.Username, u.IdNumber, u.FirstName, u.LastName, u.Email, u.Department ?? "", u.Institution ?? "",
                    u.City ?? "", u.Country ?? "", u.Auth, false,
                    u.CustomFields.ToDictionary(p => p.Key, p => (string?)(p.Value ?? "")));
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

    public static string? Read(MoodleUserState s, string field)
    {
        var value = field switch
        {
            MoodleFields.Username => s.Username,
            MoodleFields.IdNumber => s.IdNumber,
            MoodleFields.FirstName => s.FirstName,
            MoodleFields.LastName => s.LastName,
            MoodleFields.Email => s.Email,
            MoodleFields.Department => s.Department,
            MoodleFields.Institution => s.Institution,
            MoodleFields.City => s.City,
            MoodleFields.Country => s.Country,
            MoodleFields.Auth => s.Auth,
            MoodleFields.Suspended => s.Suspended ? "1" : "0",
            _ when field.StartsWith(MoodleFields.CustomFieldPrefix, StringComparison.Ordinal) =>
                s.CustomFields.GetValueOrDefault(field[MoodleFields.CustomFieldPrefix.Length..]),
            _ => throw new InvalidOperationException($"Unknown Moodle field {field}."),
        };
        return string.IsNullOrEmpty(value) ? null : value;
    }

    private static MoodleUserState Write(MoodleUserState s, string field, string? value)
    {
        var v = value ?? "";
        return field switch
        {
            MoodleFields.Username => s with { Username = v },
            MoodleFields.IdNumber => s with { IdNumber = v },
            MoodleFields.FirstName => s with { FirstName = v },
            MoodleFields.LastName => s with { LastName = v },
            MoodleFields.Email => s with { Email = v },
            MoodleFields.Department => s with { Department = v },
            MoodleFields.Institution => s with { Institution = v },
            MoodleFields.City => s with { City = v },
            MoodleFields.Country => s with { Country = v },
            MoodleFields.Auth => s with { Auth = v },
            MoodleFields.Suspended => s with { Suspended = v == "1" },
            _ when field.StartsWith(MoodleFields.CustomFieldPrefix, StringComparison.Ordinal) => s with
            {
                CustomFields = new Dictionary<string, string?>(s.CustomFields) { [field[MoodleFields.CustomFieldPrefix.Length..]] = v },
            },
            _ => throw new InvalidOperationException($"Unknown Moodle field {field}."),
        };
    }
}
