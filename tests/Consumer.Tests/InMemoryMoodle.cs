using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Pipeline.Consumer.Tests;

/// <summary>
/// Moodle's REST endpoint in memory, behind the production MoodleClient: it reads the client's form (so the encoding
/// really runs) and answers Moodle's JSON. Stateful by default, with the rules the consumer relies on, as the sandbox
/// (tools' Sandbox.Moodle) and Moodle 4.5 apply them: get_users_by_field matches exactly and sorts by id;
/// create_users is all or nothing and refuses a taken username or e-mail (any case); update_users refuses per user
/// (a warning) an unknown id or a taken e-mail. Faults on demand: HTTP 500 on the next calls of a function, updates
/// Moodle accepts without applying, and creates refused for a reason no lookup shows. <see cref="Canned"/> answers one fixed reply instead, for the CPU benchmark.
/// </summary>
internal sealed partial class InMemoryMoodle : HttpMessageHandler
{
    private readonly byte[]? _canned;
    private readonly Dictionary<long, InMemoryUser> _users = [];
    private readonly ConcurrentDictionary<string, int> _calls = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _failNext = new(StringComparer.Ordinal);
    private readonly HashSet<long> _ignoredUpdates = [];
    private readonly HashSet<string> _refusedCreates = new(StringComparer.Ordinal);
    private long _nextId = 100;
    private bool _revoked;

    public InMemoryMoodle()
    {
    }

    private InMemoryMoodle(byte[] reply) => _canned = reply;

    /// <summary>Answers every call with <paramref name="reply"/> after reading the request: only the client's own work is measured.</summary>
    public static InMemoryMoodle Canned(byte[] reply) => new(reply);

    public long BytesSent { get; private set; }

    /// <summary>Users written by create and update calls.</summary>
    public int UsersWritten { get; private set; }

    public IReadOnlyList<InMemoryUser> Users
    {
        get
        {
            lock (_users)
            {
                return [.. _users.Values.OrderBy(u => u.Id)];
            }
        }
    }

    /// <summary>Calls per web-service function (refused and failed ones included).</summary>
    public int CallsTo(string function) => _calls.GetValueOrDefault(function);

    public int TotalCalls => _calls.Values.Sum();

    public InMemoryUser? ByIdNumber(string idNumber) => Users.SingleOrDefault(u => u.IdNumber == idNumber);

    /// <summary>Adds a user as if it already existed in Moodle; returns it with its id.</summary>
    public InMemoryUser Add(InMemoryUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        lock (_users)
        {
            var added = user with { Id = _nextId++ };
            _users[added.Id] = added;
            return added;
        }
    }

    /// <summary>The next <paramref name="times"/> calls of <paramref name="function"/> answer HTTP 500 (a transient failure).</summary>
    public void FailNext(string function, int times = 1) => _failNext[function] = times;

    /// <summary>From now on every call is refused as Moodle refuses a revoked token (invalidtoken: the consumer halts).</summary>
    public void RevokeToken() => _revoked = true;

    /// <summary>Updates of this user are answered without a warning but not applied (Moodle does this for some fields).</summary>
    public void IgnoreUpdatesOf(long userId)
    {
        lock (_users)
        {
            _ignoredUpdates.Add(userId);
        }
    }

    /// <summary>
    /// A create holding this username is refused as Moodle refuses a record it finds invalid for a reason no lookup can
    /// reveal (the whole call fails with invalidparameter), while nobody holds the username or the e-mail.
    /// </summary>
    public void RefuseCreatesOf(string username)
    {
        lock (_users)
        {
            _refusedCreates.Add(username);
        }
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = await request.Content!.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        BytesSent += body.Length;
        if (_canned is not null)
        {
            return Json(_canned);
        }

        var form = Parse(Encoding.UTF8.GetString(body));
        var function = form.GetValueOrDefault("wsfunction") ?? string.Empty;
        _calls.AddOrUpdate(function, 1, (_, n) => n + 1);
        if (_failNext.TryGetValue(function, out var left) && left > 0)
        {
            _failNext[function] = left - 1;
            return new HttpResponseMessage(HttpStatusCode.InternalServerError);
        }

        if (_revoked)
        {
            return Json(Error(@"core\exception\moodle_exception", "invalidtoken", "Invalid token - token not found"));
        }

        lock (_users)
        {
            return Json(function switch
            {
                "core_user_get_users_by_field" => GetByField(form),
                "core_user_get_users" => GetUsers(form),
                "core_user_create_users" => Create(Items(form)),
                "core_user_update_users" => Update(Items(form)),
                "core_webservice_get_site_info" => """{"sitename":"In-memory","username":"ws","userid":2,"siteurl":"http://moodle.invalid","release":"4.5","version":"2024100700","functions":[],"userissiteadmin":false}"""u8.ToArray(),
                _ => Error("dml_missing_record_exception", "invalidrecord", "Can't find data record in database table external_functions."),
            });
        }
    }

    private byte[] GetByField(Dictionary<string, string> form)
    {
        var field = form["field"];
        var values = form.Where(p => p.Key.StartsWith("values[", StringComparison.Ordinal)).Select(p => p.Value).ToHashSet(StringComparer.Ordinal);
        var found = _users.Values.Where(u => values.Contains(field switch
        {
            "id" => u.Id.ToString(CultureInfo.InvariantCulture),
            "idnumber" => u.IdNumber,
            "username" => u.Username,
            _ => u.Email,
        }) && (field != "idnumber" || u.IdNumber.Length > 0)).OrderBy(u => u.Id);
        return Write(w =>
        {
            w.WriteStartArray();
            foreach (var u in found)
            {
                WriteUser(w, u);
            }

            w.WriteEndArray();
        });
    }

    // Only the criteria the consumer sends (email, idnumber, username), ANDed; email as Moodle's case-insensitive LIKE.
    private byte[] GetUsers(Dictionary<string, string> form)
    {
        var filters = new List<Func<InMemoryUser, bool>>();
        for (var i = 0; form.TryGetValue($"criteria[{i}][key]", out var key); i++)
        {
            var value = form[$"criteria[{i}][value]"];
            filters.Add(key switch
            {
                "idnumber" => u => u.IdNumber == value,
                "username" => u => u.Username == value,
                "email" => u => Like(value).IsMatch(u.Email),
                _ => throw new InvalidOperationException($"InMemoryMoodle does not search by {key}."),
            });
        }

        var found = _users.Values.Where(u => filters.Count > 0 && filters.All(f => f(u))).OrderBy(u => u.Id);
        return Write(w =>
        {
            w.WriteStartObject();
            w.WriteStartArray("users");
            foreach (var u in found)
            {
                WriteUser(w, u);
            }

            w.WriteEndArray();
            w.WriteStartArray("warnings");
            w.WriteEndArray();
            w.WriteEndObject();
        });
    }

    private static Regex Like(string pattern) => new(
        "^" + Regex.Escape(pattern.Trim()).Replace("%", ".*", StringComparison.Ordinal).Replace("_", ".", StringComparison.Ordinal) + "$",
        RegexOptions.IgnoreCase | RegexOptions.Singleline | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));

    private byte[] Create(List<Dictionary<string, string>> items)
    {
        if (items.Any(TooLongForItsColumn))
        {
            return ColumnTooLong();
        }

        var pending = new List<InMemoryUser>();
        foreach (var item in items)
        {
            var everyone = _users.Values.Concat(pending).ToList();
            // As Moodle 4.5 without extendedusernamechars: a username must already be clean (core_user::clean_field).
            if (item["username"].Any(c => !(char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '-' or '_' or '.' or '@')))
            {
                return InvalidParameter("The username can only contain alphanumeric lowercase characters (letters and numbers), underscore (_), hyphen (-), period (.) or at symbol (@).");
            }

            if (_refusedCreates.Contains(item["username"]))
            {
                return InvalidParameter("Refused by the test: " + item["username"]);
            }

            if (everyone.Any(u => u.Username == item["username"]))
            {
                return InvalidParameter("Username already exists: " + item["username"]);
            }

            if (everyone.Any(u => string.Equals(u.Email, item["email"], StringComparison.OrdinalIgnoreCase)))
            {
                return InvalidParameter("Email address already exists: " + item["email"]);
            }

            // Ids are taken before the commit: a refused call still burns them, as in PostgreSQL.
            pending.Add(Apply(new InMemoryUser { Id = _nextId++, Username = item["username"] }, item));
        }

        foreach (var user in pending)
        {
            _users[user.Id] = user;
        }

        UsersWritten += pending.Count;
        return Write(w =>
        {
            w.WriteStartArray();
            foreach (var u in pending)
            {
                w.WriteStartObject();
                w.WriteNumber("id", u.Id);
                w.WriteString("username", u.Username);
                w.WriteEndObject();
            }

            w.WriteEndArray();
        });
    }

    private byte[] Update(List<Dictionary<string, string>> items)
    {
        if (items.Any(TooLongForItsColumn))
        {
            return ColumnTooLong();
        }

        var warnings = new List<(long Id, string Code, string Message)>();
        foreach (var item in items)
        {
            var id = long.Parse(item["id"], CultureInfo.InvariantCulture);
            if (!_users.TryGetValue(id, out var existing))
            {
                warnings.Add((id, "invaliduserid", "Invalid user ID"));
            }
            else if (item.TryGetValue("email", out var email) && email != existing.Email
                && _users.Values.Any(u => u.Id != id && string.Equals(u.Email, email, StringComparison.OrdinalIgnoreCase)))
            {
                warnings.Add((id, "useremailduplicate", "Duplicate address"));
            }
            else if (!_ignoredUpdates.Contains(id))
            {
                _users[id] = Apply(existing, item);
                UsersWritten++;
            }
        }

        return Write(w =>
        {
            w.WriteStartObject();
            w.WriteStartArray("warnings");
            foreach (var (id, code, message) in warnings)
            {
                w.WriteStartObject();
                w.WriteString("item", "user");
                w.WriteNumber("itemid", id);
                w.WriteString("warningcode", code);
                w.WriteString("message", message);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        });
    }

    private static InMemoryUser Apply(InMemoryUser user, Dictionary<string, string> item)
    {
        string Get(string key, string current) => item.TryGetValue(key, out var v) ? v : current;
        var custom = new Dictionary<string, string>(user.CustomFields, StringComparer.Ordinal);
        foreach (var (key, type) in item.Where(p => CustomType().IsMatch(p.Key)))
        {
            custom[type] = item[key[..^"type".Length] + "value"];
        }

        return user with
        {
            Username = Get("username", user.Username),
            Auth = Get("auth", user.Auth),
            FirstName = Get("firstname", user.FirstName),
            LastName = Get("lastname", user.LastName),
            Email = Get("email", user.Email),
            IdNumber = Get("idnumber", user.IdNumber),
            Department = Get("department", user.Department),
            Institution = Get("institution", user.Institution),
            City = Get("city", user.City),
            Country = Get("country", user.Country),
            Suspended = item.TryGetValue("suspended", out var s) ? s == "1" : user.Suspended,
            CustomFields = custom,
        };
    }

    // user_get_user_details(): empty optional fields are left out, as Moodle does.
    private static void WriteUser(Utf8JsonWriter w, InMemoryUser u)
    {
        w.WriteStartObject();
        w.WriteNumber("id", u.Id);
        w.WriteString("username", u.Username);
        w.WriteString("firstname", u.FirstName);
        w.WriteString("lastname", u.LastName);
        w.WriteString("fullname", $"{u.FirstName} {u.LastName}");
        w.WriteString("email", u.Email);
        w.WriteString("department", u.Department);
        foreach (var (name, value) in new[] { ("institution", u.Institution), ("idnumber", u.IdNumber), ("city", u.City), ("country", u.Country) })
        {
            if (value.Length > 0)
            {
                w.WriteString(name, value);
            }
        }

        w.WriteString("auth", u.Auth);
        w.WriteBoolean("suspended", u.Suspended);
        var custom = u.CustomFields.Where(c => c.Value.Length > 0).OrderBy(c => c.Key, StringComparer.Ordinal).ToList();
        if (custom.Count > 0)
        {
            w.WriteStartArray("customfields");
            foreach (var (shortname, value) in custom)
            {
                w.WriteStartObject();
                w.WriteString("type", "text");
                w.WriteString("value", value);
                w.WriteString("displayvalue", value);
                w.WriteString("name", shortname);
                w.WriteString("shortname", shortname);
                w.WriteEndObject();
            }

            w.WriteEndArray();
        }

        w.WriteEndObject();
    }

    // Moodle 4.5's user columns (lib/db/install.xml). PostgreSQL counts characters, not bytes, and a longer value fails
    // the whole call (fixtures 83-85): Moodle never cuts it.
    private static readonly Dictionary<string, int> Columns = new(StringComparer.Ordinal)
    {
        ["auth"] = 20,
        ["username"] = 100,
        ["idnumber"] = 255,
        ["firstname"] = 100,
        ["lastname"] = 100,
        ["email"] = 100,
        ["department"] = 255,
        ["institution"] = 255,
        ["city"] = 120,
        ["country"] = 2,
    };

    private static bool TooLongForItsColumn(Dictionary<string, string> item) =>
        item.Any(p => Columns.TryGetValue(p.Key, out var limit) && p.Value.EnumerateRunes().Count() > limit);

    private static byte[] ColumnTooLong() => Error("dml_write_exception", "dmlwriteexception", "Error writing to database");

    private static byte[] InvalidParameter(string debugInfo) =>
        Error(@"core\exception\invalid_parameter_exception", "invalidparameter", "Invalid parameter value detected", debugInfo);

    private static byte[] Error(string exception, string code, string message, string? debugInfo = null) => Write(w =>
    {
        w.WriteStartObject();
        w.WriteString("exception", exception);
        w.WriteString("errorcode", code);
        w.WriteString("message", message);
        if (debugInfo is not null)
        {
            w.WriteString("debuginfo", debugInfo);
        }

        w.WriteEndObject();
    });

    private static byte[] Write(Action<Utf8JsonWriter> write)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            write(writer);
        }

        return stream.ToArray();
    }

    private static HttpResponseMessage Json(byte[] body) => new(HttpStatusCode.OK)
    {
        Content = new ByteArrayContent(body) { Headers = { ContentType = new("application/json") { CharSet = "utf-8" } } },
    };

    private static Dictionary<string, string> Parse(string form)
    {
        var pairs = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in form.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var at = pair.IndexOf('=', StringComparison.Ordinal);
            pairs[Decode(at < 0 ? pair : pair[..at])] = at < 0 ? string.Empty : Decode(pair[(at + 1)..]);
        }

        return pairs;

        static string Decode(string s) => Uri.UnescapeDataString(s.Replace('+', ' '));
    }

    /// <summary>users[i][field] = value, as one dictionary per i (custom fields keep their bracketed keys).</summary>
    private static List<Dictionary<string, string>> Items(Dictionary<string, string> form)
    {
        var items = new SortedDictionary<int, Dictionary<string, string>>();
        foreach (var (key, value) in form)
        {
            var m = UserKey().Match(key);
            if (m.Success)
            {
                var i = int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
                if (!items.TryGetValue(i, out var item))
                {
                    items[i] = item = new Dictionary<string, string>(StringComparer.Ordinal);
                }

                item[m.Groups[2].Value] = value;
            }
        }

        return [.. items.Values];
    }

    [GeneratedRegex(@"^users\[(\d+)\]\[(.+)\]$")]
    private static partial Regex UserKey();

    [GeneratedRegex(@"^customfields\]\[\d+\]\[type$")]
    private static partial Regex CustomType();
}

/// <summary>One user in <see cref="InMemoryMoodle"/>.</summary>
internal sealed record InMemoryUser
{
    public long Id { get; init; }
    public required string Username { get; init; }
    public string Auth { get; init; } = "manual";
    public string FirstName { get; init; } = string.Empty;
    public string LastName { get; init; } = string.Empty;
    public string Email { get; init; } = string.Empty;
    public string IdNumber { get; init; } = string.Empty;
    public string Department { get; init; } = string.Empty;
    public string Institution { get; init; } = string.Empty;
    public string City { get; init; } = string.Empty;
    public string Country { get; init; } = string.Empty;
    public bool Suspended { get; init; }
    public IReadOnlyDictionary<string, string> CustomFields { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);
}
