using System.Diagnostics;
using System.Net;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Pipeline.Domain.Fields;
using Pipeline.Moodle.Wire;
using Pipeline.Resilience;
using Polly.Timeout;

namespace Pipeline.Moodle;

/// <summary>
/// Moodle REST client. The token goes only in the POST body. Reads are retried by the HTTP pipeline; writes are
/// sent once, because a write that timed out may have been applied and only a re-read can tell.
/// </summary>
public sealed class MoodleClient : IMoodleClient
{
    public const string EndpointPath = "webservice/rest/server.php?moodlewsrestformat=json";

    public static readonly ActivitySource ActivitySource = new("Pipeline.Moodle");

    private const string GetUsersByField = "core_user_get_users_by_field";

    private static readonly HashSet<string> Fields = new(StringComparer.Ordinal) { "id", "idnumber", "username", "email" };

    private readonly HttpClient _http;
    private readonly IOptionsMonitor<MoodleOptions> _monitor;
    private readonly ILogger<MoodleClient> _logger;
    private readonly int _readAttempts;

    // A monitor, not a snapshot: when the Lambda's secret is rotated, the next call uses the new token without a restart.
    public MoodleClient(HttpClient http, IOptionsMonitor<MoodleOptions> options, IOptions<RetryOptions> retry, ILogger<MoodleClient> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(retry);
        _http = http;
        _monitor = options;
        _readAttempts = retry.Value.Moodle.MaxAttempts;
        _logger = logger;
    }

    private MoodleOptions Options => _monitor.CurrentValue;

    public async Task<MoodleSiteInfo> GetSiteInfoAsync(CancellationToken ct)
    {
        var info = await CallAsync("core_webservice_get_site_info", read: true, [], MoodleWireJsonContext.Default.WireSiteInfo, 1, ct).ConfigureAwait(false);
        return new MoodleSiteInfo(
            info.Sitename ?? string.Empty,
            info.Release ?? string.Empty,
            info.Functions?.Select(f => f.Name).ToList() ?? [],
            info.Version ?? string.Empty,
            info.Userid,
            info.Username ?? string.Empty,
            info.Siteurl ?? string.Empty,
            info.Userissiteadmin);
    }

    public async Task<IReadOnlyList<MoodleUser>> GetUsersByFieldAsync(string field, IReadOnlyCollection<string> values, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (!Fields.Contains(field))
        {
            throw new ArgumentException($"Moodle looks users up by id, idnumber, username or email, not '{field}'.", nameof(field));
        }

        if (values.Count == 0)
        {
            return [];
        }

        var users = await CallAsync(GetUsersByField, read: true, MoodleForm.ForGetByField(field, values),
            MoodleWireJsonContext.Default.ListWireUser, values.Count, ct).ConfigureAwait(false);
        return users.Select(ToUser).ToList();
    }

    public async Task<IReadOnlyList<MoodleUser>> GetUsersAsync(IReadOnlyDictionary<string, string> criteria, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(criteria);
        if (criteria.Count == 0 || criteria.Values.Any(string.IsNullOrEmpty))
        {
            // Moodle answers no criteria with nothing, but only an unsupported one with every user: never ask either.
            throw new ArgumentException("core_user_get_users needs at least one criterion, none empty.", nameof(criteria));
        }

        var found = await CallAsync("core_user_get_users", read: true, MoodleForm.ForGetUsers(criteria),
            MoodleWireJsonContext.Default.WireUsers, criteria.Count, ct).ConfigureAwait(false);
        if (found.Warnings is { Count: > 0 } warnings)
        {
            MoodleLog.SearchWarnings(_logger, "core_user_get_users", warnings.Count, string.Join(",", warnings.Select(w => w.Warningcode).Distinct()));
        }

        return (found.Users ?? []).Select(ToUser).ToList();
    }

    public async Task<IReadOnlyList<CreatedUser>> CreateUsersAsync(IReadOnlyList<NewMoodleUser> users, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(users);
        if (users.Count == 0)
        {
            return [];
        }

        var created = await CallAsync("core_user_create_users", read: false, MoodleForm.ForCreate(users),
            MoodleWireJsonContext.Default.ListWireCreated, users.Count, ct).ConfigureAwait(false);
        return created.Select(c => new CreatedUser(c.Id, c.Username)).ToList();
    }

    public async Task<IReadOnlyList<MoodleWarning>> UpdateUsersAsync(IReadOnlyList<MoodleUserUpdate> updates, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(updates);
        if (updates.Count == 0)
        {
            return [];
        }

        const string function = "core_user_update_users";
        var result = await CallAsync(function, read: false, MoodleForm.ForUpdate(updates),
            MoodleWireJsonContext.Default.WireWarnings, updates.Count, ct).ConfigureAwait(false);
        var warnings = (result.Warnings ?? [])
            .Select(w => new MoodleWarning(w.Item, w.Itemid, w.Warningcode ?? "unknown", w.Message ?? string.Empty))
            .ToList();
        if (warnings.Count > 0)
        {
            MoodleLog.UpdateWarnings(_logger, function, warnings.Count, string.Join(",", warnings.Select(w => w.WarningCode).Distinct()));
        }

        return warnings;
    }

    private async Task<T> CallAsync<T>(
        string function,
        bool read,
        List<KeyValuePair<string, string>> parameters,
        JsonTypeInfo<T> typeInfo,
        int items,
        CancellationToken ct)
    {
        using var activity = ActivitySource.StartActivity("moodle " + function, ActivityKind.Client);
        activity?.SetTag("moodle.function", function);
        activity?.SetTag("moodle.items", items);
        var started = Stopwatch.GetTimestamp();
        try
        {
            var body = await SendAsync(function, read, parameters, ct).ConfigureAwait(false);
            var result = Parse(function, body, typeInfo);
            MoodleLog.CallSucceeded(_logger, function, (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds, items);
            return result;
        }
        catch (MoodleException e)
        {
            activity?.SetStatus(ActivityStatusCode.Error, e.ErrorCode);
            activity?.SetTag("moodle.errorcode", e.ErrorCode);
            MoodleLog.CallFailed(_logger, function, e.ErrorCode, e.Kind, (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            throw;
        }
    }

    private async Task<string> SendAsync(string function, bool read, List<KeyValuePair<string, string>> parameters, CancellationToken ct)
    {
        var form = new List<KeyValuePair<string, string>>(parameters.Count + 2)
        {
            new("wstoken", Options.Token),
            new("wsfunction", function),
        };
        form.AddRange(parameters);
        using var request = new HttpRequestMessage(HttpMethod.Post, EndpointPath) { Content = new FormUrlEncodedContent(form) };
        request.Options.Set(MoodleHttp.IsReadKey, read);
        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, ct).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                var status = (int)response.StatusCode;
                var kind = MoodleErrorClassifier.ClassifyHttpStatus(status);
                throw new MoodleException(
                    $"Moodle {function} answered HTTP {status} {response.ReasonPhrase}. " +
                    (kind == MoodleErrorKind.Transient ? MoodleErrorClassifier.Advice(kind, "http")
                        : response.StatusCode is HttpStatusCode.NotFound
                            ? "Check Moodle__BaseUrl: it must be the site root, the client adds webservice/rest/server.php."
                            : MoodleErrorClassifier.Advice(kind, "http")),
                    "http" + status.ToString(System.Globalization.CultureInfo.InvariantCulture), kind, function: function);
            }

            return await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
        }
        catch (TimeoutRejectedException e)
        {
            throw new MoodleException(
                $"Moodle {function} did not answer within {Options.Timeout.TotalSeconds:0.###} s{(read ? $" ({_readAttempts} attempts)" : string.Empty)}. " +
                MoodleErrorClassifier.Advice(MoodleErrorKind.Transient, "timeout"),
                "timeout", MoodleErrorKind.Transient, function: function, innerException: e);
        }
        catch (HttpRequestException e)
        {
            throw new MoodleException(
                $"Moodle {function} could not be reached ({e.HttpRequestError}). Check Moodle__BaseUrl and the network; " +
                MoodleErrorClassifier.Advice(MoodleErrorKind.Transient, "network"),
                "network", MoodleErrorKind.Transient, function: function, innerException: e);
        }
        catch (OperationCanceledException e) when (!ct.IsCancellationRequested)
        {
            // HttpClient's own timeout, not the caller's cancellation.
            throw new MoodleException($"Moodle {function} timed out. " + MoodleErrorClassifier.Advice(MoodleErrorKind.Transient, "timeout"),
                "timeout", MoodleErrorKind.Transient, function: function, innerException: e);
        }
    }

    private T Parse<T>(string function, string body, JsonTypeInfo<T> typeInfo)
    {
        try
        {
            using var doc = JsonDocument.Parse(body);
            if (doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("exception", out _))
            {
                throw ToException(function, doc.RootElement.Deserialize(MoodleWireJsonContext.Default.WireError)!);
            }

            return doc.RootElement.Deserialize(typeInfo)
                ?? throw BadResponse(function, "an empty (null) answer", null);
        }
        catch (JsonException e)
        {
            throw BadResponse(function, "an answer that is not the expected JSON", e);
        }
    }

    private MoodleException ToException(string function, WireError error)
    {
        var code = error.Errorcode ?? "unknown";
        var kind = MoodleErrorClassifier.Classify(error.Exception, code);
        var message = Scrub(error.Message ?? string.Empty);
        return new MoodleException(
            $"Moodle refused {function}: {Scrub(code)} ({message}). {MoodleErrorClassifier.Advice(kind, code)}",
            code, kind, error.Exception, error.Debuginfo is null ? null : Scrub(error.Debuginfo), function);
    }

    private static MoodleException BadResponse(string function, string what, Exception? inner) => new(
        $"Moodle {function} returned {what}. Check Moodle__BaseUrl points at the site root and that the REST protocol is enabled; a PHP notice in the output also causes this.",
        "badresponse", MoodleErrorKind.Fatal, function: function, innerException: inner);

    /// <summary>Moodle never echoes the token, but an error text must not carry it even if a proxy did.</summary>
    private string Scrub(string text) =>
        Options.Token.Length == 0 ? text : text.Replace(Options.Token, "***", StringComparison.Ordinal);

    private static MoodleUser ToUser(WireUser u) => new(
        u.Id,
        u.Username ?? string.Empty,
        u.Email ?? string.Empty,
        u.Idnumber,
        u.Auth ?? "manual",
        u.Suspended,
        FieldTable.Moodle.Descriptive.ToDictionary(f => f.Name, f => Text(u, f.Name), StringComparer.Ordinal),
        (u.Customfields ?? [])
            .Where(f => f.Shortname is not null)
            .GroupBy(f => f.Shortname!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Last().Value, StringComparer.Ordinal));

    // Absent and null read as null, as a typed string? property would; anything but text is not Moodle's answer.
    private static string? Text(WireUser u, string name) =>
        u.Other is null || !u.Other.TryGetValue(name, out var value) ? null : value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Null => null,
            _ => throw BadResponse(GetUsersByField, $"a user whose {name} is {value.ValueKind}, not text", null),
        };
}
