using System.Globalization;
using System.Text.Json.Nodes;

namespace Pipeline.Pipeline.Tests.RealMoodle;

/// <summary>One account as Moodle's own web services describe it (core_user_get_users*: empty fields are left out).</summary>
internal sealed record MoodleAccount(
    long Id, string Username, string Email, string Idnumber, string Firstname, string Lastname, string Department,
    string Institution, string City, string Country, string Auth, bool Suspended, IReadOnlyDictionary<string, string> CustomFields)
{
    public static MoodleAccount From(JsonNode user)
    {
        string Text(string name) => user[name]?.GetValue<string>() ?? string.Empty;
        var custom = (user["customfields"]?.AsArray() ?? [])
            .ToDictionary(f => f!["shortname"]!.GetValue<string>(), f => f!["value"]?.ToString() ?? string.Empty, StringComparer.Ordinal);
        return new MoodleAccount(
            user["id"]!.GetValue<long>(), Text("username"), Text("email"), Text("idnumber"), Text("firstname"), Text("lastname"),
            Text("department"), Text("institution"), Text("city"), Text("country"), Text("auth"),
            user["suspended"]?.GetValue<bool>() ?? false, custom);
    }

    /// <summary>Every field compared at once, custom fields included (records compare dictionaries by reference).</summary>
    public string Fingerprint => string.Join("|",
        Id.ToString(CultureInfo.InvariantCulture), Username, Email, Idnumber, Firstname, Lastname, Department, Institution, City, Country, Auth,
        Suspended ? "suspended" : "active", string.Join(";", CustomFields.OrderBy(f => f.Key, StringComparer.Ordinal).Select(f => f.Key + "=" + f.Value)));
}

/// <summary>An account to make directly in Moodle, as an administrator would have before the pipeline came.</summary>
internal sealed record NewAccount(string Username, string Email, string Firstname, string Lastname, string? Idnumber = null);

/// <summary>
/// The real Moodle's web services, called directly with the admin token and read without the pipeline's client, so
/// what the tests see is what Moodle holds, not what the product thinks it holds.
/// </summary>
internal sealed class RealMoodleUsers(RealMoodleSite site) : IDisposable
{
    private const string Password = "Pre-existing-1A";

    private readonly HttpClient _http = new() { BaseAddress = site.BaseUrl, Timeout = TimeSpan.FromSeconds(120) };

    public async Task<IReadOnlyList<long>> CreateAsync(IReadOnlyList<NewAccount> accounts)
    {
        var form = new List<KeyValuePair<string, string>>();
        for (var i = 0; i < accounts.Count; i++)
        {
            var a = accounts[i];
            var p = $"users[{i.ToString(CultureInfo.InvariantCulture)}]";
            form.Add(new(p + "[username]", a.Username));
            form.Add(new(p + "[email]", a.Email));
            form.Add(new(p + "[firstname]", a.Firstname));
            form.Add(new(p + "[lastname]", a.Lastname));
            form.Add(new(p + "[auth]", "manual"));
            form.Add(new(p + "[password]", Password));
            if (a.Idnumber is not null)
            {
                form.Add(new(p + "[idnumber]", a.Idnumber));
            }
        }

        var created = await CallAsync("core_user_create_users", form);
        return [.. created!.AsArray().Select(u => u!["id"]!.GetValue<long>())];
    }

    /// <summary>core_user_get_users with the email criterion: a case-insensitive SQL LIKE (% and _ are wildcards).</summary>
    public async Task<IReadOnlyList<MoodleAccount>> FindByEmailLikeAsync(string pattern)
    {
        var found = await CallAsync("core_user_get_users", [new("criteria[0][key]", "email"), new("criteria[0][value]", pattern)]);
        return [.. found!["users"]!.AsArray().Select(u => MoodleAccount.From(u!))];
    }

    /// <summary>core_user_get_users_by_field: exact values of one field (id, idnumber, username or email).</summary>
    public async Task<IReadOnlyList<MoodleAccount>> ByFieldAsync(string field, IEnumerable<string> values)
    {
        var all = new List<MoodleAccount>();
        foreach (var chunk in values.Chunk(100))
        {
            var form = new List<KeyValuePair<string, string>> { new("field", field) };
            form.AddRange(chunk.Select((v, i) => new KeyValuePair<string, string>($"values[{i.ToString(CultureInfo.InvariantCulture)}]", v)));
            var found = await CallAsync("core_user_get_users_by_field", form);
            all.AddRange(found!.AsArray().Select(u => MoodleAccount.From(u!)));
        }

        return all;
    }

    /// <summary>Moodle's own delete (the row stays, marked deleted, with its username, e-mail and idnumber changed).</summary>
    public async Task DeleteAsync(IEnumerable<long> ids)
    {
        foreach (var chunk in ids.Chunk(100))
        {
            await CallAsync("core_user_delete_users",
                [.. chunk.Select((id, i) => new KeyValuePair<string, string>($"userids[{i.ToString(CultureInfo.InvariantCulture)}]", id.ToString(CultureInfo.InvariantCulture)))]);
        }
    }

    public void Dispose() => _http.Dispose();

    private async Task<JsonNode?> CallAsync(string function, IEnumerable<KeyValuePair<string, string>> parameters)
    {
        using var content = new FormUrlEncodedContent([new("wstoken", site.Token), new("wsfunction", function), .. parameters]);
        using var response = await _http.PostAsync("webservice/rest/server.php?moodlewsrestformat=json", content);
        var text = await response.Content.ReadAsStringAsync();
        response.EnsureSuccessStatusCode();
        var node = string.IsNullOrEmpty(text) || text == "null" ? null : JsonNode.Parse(text);
        if (node is JsonObject o && o.ContainsKey("exception"))
        {
            throw new InvalidOperationException($"{function} failed at {site.BaseUrl}: {text}");
        }

        return node;
    }
}
