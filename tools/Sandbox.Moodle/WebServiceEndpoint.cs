using System.Text.Json;
using System.Text.Json.Nodes;
using Pipeline.Sandbox.Moodle.Faults;
using Pipeline.Sandbox.Moodle.Functions;
using Pipeline.Sandbox.Moodle.Protocol;

namespace Pipeline.Sandbox.Moodle;

/// <summary>POST|GET /webservice/rest/server.php, in the order Moodle's REST server works: token, function, parameters, body.</summary>
internal sealed class WebServiceEndpoint(SandboxState state)
{
    public const string Path = "/webservice/rest/server.php";

    private const string ServiceRestrictedDebugInfo =
        """
        is not allowed.
                             There could be multiple reasons for this:
                             1. The service linked to the user token does not contain the function.
                             2. The service is user-restricted and the user is not listed.
                             3. The service is IP-restricted and the user IP is not listed.
                             4. The service is time-restricted and the time has expired.
                             5. The token is time-restricted and the time has expired.
                             6. The service requires a specific capability which the user does not have.
                             7. The function is called with username/password (no user token is sent)
                             and none of the services has the function to allow the user.
                             These settings can be found in Administration > Site administration
                             > Server > Web services > External services and Manage tokens.
        """;

    /// <summary>Real Moodle functions outside the service: calling them is an access error, not an unknown function.</summary>
    private static readonly HashSet<string> OtherMoodleFunctions =
    [
        "core_course_get_courses", "core_course_get_categories", "core_course_create_courses", "core_course_get_contents",
        "core_enrol_get_users_courses", "core_enrol_get_enrolled_users", "enrol_manual_enrol_users", "enrol_manual_unenrol_users",
        "core_user_get_course_user_profiles", "core_user_update_picture", "core_user_agree_site_policy",
        "core_group_add_group_members", "core_role_assign_roles",
        "core_user_get_private_files_info", "core_user_add_user_private_files", "core_user_view_user_profile",
    ];

    private readonly Dictionary<string, WsFunction> _functions = new WsFunction[]
    {
        new(SiteInfo.Name, UserParameters.SiteInfo, false, string.Empty, SiteInfo.For(state.Options.ServiceFunctions.ToList(), state.PrivateKeyOf)),
        new(GetUsersByField.Name, UserParameters.GetByField, false, "values", GetUsersByField.Execute),
        new(GetUsers.Name, UserParameters.GetUsers, false, "criteria", GetUsers.Execute),
        new(CreateUsers.Name, UserParameters.Create, true, "users", CreateUsers.Execute),
        new(UpdateUsers.Name, UserParameters.Update, true, "users", UpdateUsers.Execute),
        new(DeleteUsers.Name, UserParameters.Delete, true, "userids", DeleteUsers.Execute),
        new(CohortWrites.CreateName, CohortParameters.Create, true, "cohorts", CohortWrites.Create),
        new(CohortWrites.UpdateName, CohortParameters.Update, true, "cohorts", CohortWrites.Update),
        new(CohortWrites.DeleteName, CohortParameters.Delete, true, "cohortids", CohortWrites.Delete),
        new(CohortWrites.AddMembersName, CohortParameters.AddMembers, true, "members", CohortWrites.AddMembers),
        new(CohortWrites.DeleteMembersName, CohortParameters.DeleteMembers, true, "members", CohortWrites.DeleteMembers),
        new(CohortReads.GetName, CohortParameters.Get, false, "cohortids", CohortReads.Get),
        new(CohortReads.SearchName, CohortParameters.Search, false, string.Empty, CohortReads.Search),
        new(CohortReads.GetMembersName, CohortParameters.GetMembers, false, "cohortids", CohortReads.GetMembers),
    }.ToDictionary(f => f.Name, StringComparer.Ordinal);

    public async Task HandleAsync(HttpContext http)
    {
        var ct = http.RequestAborted;
        var query = FormBody.Parse(http.Request.QueryString.Value ?? string.Empty);
        var post = FormBody.Parse(await FormBody.ReadAsync(http.Request, ct).ConfigureAwait(false));
        state.Stats.Record(new RecordedRequest(http.Request.Method, http.Request.Path + http.Request.QueryString,
            post.Any(p => p.Key == "wstoken"), state.Options.TimeProvider.GetUtcNow()));

        // array_merge($_GET, $_POST): POST wins, keys keep first-seen order.
        var merged = new OrderedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (k, v) in query.Concat(post))
        {
            merged[k] = v;
        }

        var json = merged.TryGetValue("moodlewsrestformat", out var f) && f == "json";
        merged.TryGetValue("wstoken", out var token);
        merged.TryGetValue("wsfunction", out var functionName);
        var parameters = merged
            .Where(kv => kv.Key is not ("wstoken" or "wsfunction" or "moodlewsrestformat") && !kv.Key.StartsWith("moodlewssetting", StringComparison.Ordinal))
            .ToList();
        var root = ParamNode.FromPairs(parameters);
        _functions.TryGetValue(functionName ?? string.Empty, out var function);
        var users = function is null || function.UsersKey.Length == 0
            ? 0
            : root.Children!.TryGetValue(function.UsersKey, out var list) ? list.Children?.Count ?? 0 : 0;

        using var slot = await state.Faults.EnterAsync(ct).ConfigureAwait(false);
        state.Stats.Enter();
        try
        {
            state.Stats.Call(string.IsNullOrEmpty(functionName) ? "(none)" : functionName);
            await Task.Delay(state.Faults.LatencyFor(function?.Name, users), state.Options.TimeProvider, ct).ConfigureAwait(false);
            var fault = state.Faults.Roll();
            switch (fault)
            {
                case FaultKind.Http500:
                    state.Stats.Fault("http500");
                    http.Response.StatusCode = StatusCodes.Status500InternalServerError;
                    return;
                case FaultKind.DmlError:
                    state.Stats.Fault("dml_error");
                    await WriteAsync(http, json, null, function?.Writes == false ? MoodleError.DmlRead() : MoodleError.DmlWrite()).ConfigureAwait(false);
                    return;
            }

            var (result, error) = Run(http, token, functionName, function, root);
            if (fault == FaultKind.Timeout)
            {
                state.Stats.Fault("timeout");
                slot.Dispose();
                await TimeOutAsync(http, ct).ConfigureAwait(false);
                return;
            }

            await WriteAsync(http, json, result, error, function).ConfigureAwait(false);
        }
        finally
        {
            state.Stats.Leave();
        }
    }

    private (JsonNode? Result, MoodleError? Error) Run(HttpContext http, string? token, string? functionName, WsFunction? function, ParamNode root)
    {
        try
        {
            var caller = Authenticate(token);
            if (string.IsNullOrEmpty(functionName))
            {
                throw MoodleError.InvalidParameter("Missing function name");
            }

            if (function is null && !OtherMoodleFunctions.Contains(functionName))
            {
                throw new MoodleError("dml_missing_record_exception", "invalidrecord",
                    "Can't find data record in database table external_functions.",
                    $"SELECT * FROM {{external_functions}} WHERE name = ?\n[array (\n  0 => '{functionName}',\n)]");
            }

            if (function is null || !state.Options.ServiceFunctions.Contains(functionName))
            {
                throw MoodleError.AccessException($"Access to the function {functionName}() {ServiceRestrictedDebugInfo}");
            }

            var validated = ParameterValidator.Validate(function.Parameters, root);
            var site = new SiteFacts(SiteUrl(http), state.Options.SiteName, state.Options.CustomProfileFields.AsReadOnly());
            lock (state.Store.Sync)
            {
                return (function.Execute(new WsCall(validated, caller, state.Store, site, state.Stats, state.Cohorts)), null);
            }
        }
        catch (MoodleError e)
        {
            return (null, e);
        }
    }

    private Caller Authenticate(string? token)
    {
        var o = state.Options;
        if (string.IsNullOrEmpty(token))
        {
            throw MoodleError.InvalidToken();
        }

        if (token == o.AdminToken)
        {
            return new Caller(CallerRole.Admin, Users.UserStore.AdminId);
        }

        if (token == o.LimitedToken)
        {
            return new Caller(CallerRole.Limited, Users.UserStore.LimitedUserId);
        }

        if (token == o.NoCapabilityToken)
        {
            throw MoodleError.AccessException("You are not allowed to use the rest protocol (missing capability: webservice/rest:use)");
        }

        throw MoodleError.InvalidToken();
    }

    private string SiteUrl(HttpContext http) => state.Options.SiteUrl?.TrimEnd('/') ?? $"{http.Request.Scheme}://{http.Request.Host}";

    private async Task WriteAsync(HttpContext http, bool json, JsonNode? result, MoodleError? error, WsFunction? function = null)
    {
        http.Response.StatusCode = StatusCodes.Status200OK;
        string body;
        if (json)
        {
            http.Response.ContentType = "application/json; charset=utf-8";
            body = error is null
                ? result?.ToJsonString() ?? "null"
                : JsonSerializer.Serialize(new ErrorDto(error.ExceptionClass, error.ErrorCode, error.Message, state.Debug ? error.DebugInfo : null), WsJsonContext.Default.ErrorDto);
        }
        else
        {
            http.Response.ContentType = "application/xml; charset=utf-8";
            body = error is null ? XmlResponse.Success(result, XmlShapeOf(function)) : XmlResponse.Error(error, state.Debug);
        }

        await http.Response.WriteAsync(body, http.RequestAborted).ConfigureAwait(false);
    }

    private static XmlShape? XmlShapeOf(WsFunction? function) => function?.Name switch
    {
        GetUsersByField.Name => new XmlMultiple(XmlResponse.UserDetails),
        GetUsers.Name => new XmlSingle([new("users", new XmlMultiple(XmlResponse.UserDetails)), new("warnings", XmlResponse.Warnings)]),
        UpdateUsers.Name => new XmlSingle([new("warnings", XmlResponse.Warnings)]),
        CreateUsers.Name => new XmlMultiple(XmlResponse.Fields("id", "username")),
        _ => null,
    };

    private async Task TimeOutAsync(HttpContext http, CancellationToken ct)
    {
        var settings = state.Faults.Settings;
        if (settings.TimeoutMode == "close")
        {
            http.Abort();
            return;
        }

        try
        {
            await Task.Delay(TimeSpan.FromMilliseconds(settings.TimeoutHangMs), state.Options.TimeProvider, ct).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The client gave up, which is the point of this fault.
            return;
        }

        http.Response.StatusCode = StatusCodes.Status504GatewayTimeout;
    }
}
