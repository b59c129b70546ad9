using System.Globalization;

namespace Pipeline.Moodle;

/// <summary>Builds Moodle's bracketed form parameters (<c>users[0][customfields][0][type]</c>).</summary>
internal static class MoodleForm
{
    public static List<KeyValuePair<string, string>> ForCreate(IReadOnlyList<NewMoodleUser> users)
    {
        var form = new List<KeyValuePair<string, string>>();
        for (var i = 0; i < users.Count; i++)
        {
            var u = users[i];
            var p = $"users[{i}]";
            Add(form, p, "username", u.Username);
            Add(form, p, "auth", u.Auth);
            if (u.CreatePassword)
            {
                Add(form, p, "createpassword", "1");
            }

            Add(form, p, "password", u.Password);
            Add(form, p, "firstname", u.FirstName);
            Add(form, p, "lastname", u.LastName);
            Add(form, p, "email", u.Email);
            Add(form, p, "idnumber", u.IdNumber);
            Add(form, p, "department", u.Department);
            Add(form, p, "institution", u.Institution);
            Add(form, p, "city", u.City);
            Add(form, p, "country", u.Country);
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
            Add(form, p, "username", u.Username);
            Add(form, p, "auth", u.Auth);
            if (u.Suspended is { } suspended)
            {
                Add(form, p, "suspended", suspended ? "1" : "0");
            }

            Add(form, p, "firstname", u.FirstName);
            Add(form, p, "lastname", u.LastName);
            Add(form, p, "email", u.Email);
            Add(form, p, "idnumber", u.IdNumber);
            Add(form, p, "department", u.Department);
            Add(form, p, "institution", u.Institution);
            Add(form, p, "city", u.City);
            Add(form, p, "country", u.Country);
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
