using System.Text.Json.Nodes;
using Pipeline.Sandbox.Moodle.Protocol;
using Pipeline.Sandbox.Moodle.Users;

namespace Pipeline.Sandbox.Moodle.Functions;

internal enum CallerRole
{
    /// <summary>Site admin token: every capability.</summary>
    Admin,

    /// <summary>Has webservice/rest:use only: may call functions, but holds no moodle/user:* capability.</summary>
    Limited,
}

internal sealed record Caller(CallerRole Role, long UserId);

/// <summary>What a function body needs: its validated parameters, who calls, the user and cohort tables and site facts.</summary>
internal sealed record WsCall(Validated Params, Caller Caller, UserStore Store, SiteFacts Site, SandboxStats Stats, Cohorts.CohortStore Cohorts);

/// <summary>One external function: its parameter description, whether it writes, and its body.</summary>
internal sealed record WsFunction(
    string Name,
    ExternalSingle Parameters,
    bool Writes,
    string UsersKey,
    Func<WsCall, JsonNode?> Execute);
