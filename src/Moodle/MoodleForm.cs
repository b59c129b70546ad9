using System.Globalization;
using Pipeline.Domain.Fields;

namespace Pipeline.Moodle;

/// <summary>
/// Builds Moodle's bracketed form parameters (<c>users[0][customfields][0][type]</c>), naming every user field as the
/// field table does (<see cref="FieldTable.Moodle"/>).
/// </summary>
internal static class MoodleForm
{
    public static List<KeyValuePair<string, string>> ForCreate(IReadOnlyList<NewMoodleUser> users)
    {
        var form = new List<KeyValuePair<string, string>>();
        for (var i = 0; i < users.Count; i++)
        {
            var u = users[i];
            var p = $"users[{i}]";
            Add(form, p, FieldTable.Moodle.Username.Name, u.Username);
            Add(form, p, FieldTable.Moodle.Auth.Name, u.Auth);
            if (u.CreatePassword)
            {
                Add(form, p, "createpassword", "1");
            }

            Add(form, p, "password", u.Password);
            Add(form, p, FieldTable.Moodle.Email.Name, u.Email);
            Add(form, p, FieldTable.Moodle.IdNumber.Name, u.IdNumber);
            AddProfile(form, p, u.Profile);
            AddCustomFields(form, p, u.CustomFields);
        }

        return form;
    }

    public static List<KeyValuePair<string, string>> ForUpdate(IReadOnlyList<MoodleUserUpdate> updates)
    {
        var form = new List<KeyValuePair<string, string>>();
        for (var i = 0; i < updates.Count; i++)
        {
            var u = updates[i];
            var p = $"users[{i}]";
            Add(form, p, "id", u.Id.ToString(CultureInfo.InvariantCulture));
            Add(form, p, FieldTable.Moodle.Username.Name, u.Username);
            Add(form, p, FieldTable.Moodle.Auth.Name, u.Auth);
            if (u.Suspended is { } suspended)
            {
                Add(form, p, FieldTable.Moodle.Suspended.Name, suspended ? "1" : "0");
            }

            Add(form, p, FieldTable.Moodle.Email.Name, u.Email);
            Add(form, p, FieldTable.Moodle.IdNumber.Name, u.IdNumber);
            AddProfile(form, p, u.Profile);
            AddCustomFields(form, p, u.CustomFields);
        }

        return form;
    }

    public static List<KeyValuePair<string, string>> ForGetByField(string field, IReadOnlyCollection<string> values)
    {
        var form = new List<KeyValuePair<string, string>> { new("field", field) };
        var i = 0;
        foreach (var v in values)
        {
            form.Add(new($"values[{i++}]", v));
        }

        return form;
    }

    public static List<KeyValuePair<string, string>> ForGetUsers(IReadOnlyDictionary<string, string> criteria)
    {
        var form = new List<KeyValuePair<string, string>>(criteria.Count * 2);
        var i = 0;
        foreach (var (key, value) in criteria)
        {
            form.Add(new($"criteria[{i}][key]", key));
            form.Add(new($"criteria[{i++}][value]", value));
        }

        return form;
    }

    // In table order; null means "not sent" (update) or "leave empty" (create). A name the table does not know is refused
    // rather than dropped: it would be a field the caller believes was written.
    private static void AddProfile(List<KeyValuePair<string, string>> form, string prefix, IReadOnlyDictionary<string, string?>? profile)
    {
        if (profile is null)
        {
            return;
        }

        foreach (var name in profile.Keys)
        {
            if (FieldTable.Moodle.ByName(name) is not { Role: FieldRole.Descriptive })
            {
                throw new ArgumentException($"'{name}' is not a descriptive Moodle user field of the field table.", nameof(profile));
            }
        }

        foreach (var field in FieldTable.Moodle.Descriptive)
        {
            Add(form, prefix, field.Name, profile.GetValueOrDefault(field.Name));
        }
    }

    private static void AddCustomFields(List<KeyValuePair<string, string>> form, string prefix, IReadOnlyDictionary<string, string?>? fields)
    {
        var j = 0;
        foreach (var (shortname, value) in fields ?? new Dictionary<string, string?>())
        {
            // Moodle's customfields value is required: an empty string clears the field.
            form.Add(new($"{prefix}[customfields][{j}][type]", shortname));
            form.Add(new($"{prefix}[customfields][{j}][value]", value ?? string.Empty));
            j++;
        }
    }

    private static void Add(List<KeyValuePair<string, string>> form, string prefix, string key, string? value)
    {
        if (value is not null)
        {
            form.Add(new($"{prefix}[{key}]", value));
        }
    }
}
