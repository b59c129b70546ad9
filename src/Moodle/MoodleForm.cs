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
            AddProfile(form, p, u.FirstName, u.LastName, u.Email, u.IdNumber, u.Department, u.Institution, u.City, u.Country);
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

            AddProfile(form, p, u.FirstName, u.LastName, u.Email, u.IdNumber, u.Department, u.Institution, u.City, u.Country);
            AddCustomFields(form, p, u.CustomFields);
        }

        return form;
    }

    // The profile fields create and update share; null means "not sent" (update) or "leave empty" (create).
    private static void AddProfile(
        List<KeyValuePair<string, string>> form, string p, string? firstName, string? lastName, string? email, string? idNumber,
        string? department, string? institution, string? city, string? country)
    {
        Add(form, p, "firstname", firstName);
        Add(form, p, "lastname", lastName);
        Add(form, p, "email", email);
        Add(form, p, "idnumber", idNumber);
        Add(form, p, "department", department);
        Add(form, p, "institution", institution);
        Add(form, p, "city", city);
        Add(form, p, "country", country);
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
