using System.Net;
using System.Text.Json;
using Pipeline.Sandbox.Moodle.Protocol;
using Pipeline.Sandbox.Moodle.Users;

namespace Pipeline.Sandbox.Moodle.Admin;

/// <summary>/_sandbox/moodle/*: inspection and control for tests and demos. Loopback callers only.</summary>
internal static class AdminEndpoints
{
    public static void Map(WebApplication app, SandboxState state)
    {
        var ctx = SandboxAdminJsonContext.Default;
        var admin = app.MapGroup("/_sandbox/moodle").AddEndpointFilter(async (context, next) =>
            context.HttpContext.Connection.RemoteIpAddress is { } ip && IPAddress.IsLoopback(ip)
                ? await next(context).ConfigureAwait(false)
                : Results.Json(new AdminError("The sandbox admin endpoints answer loopback callers only."), ctx.AdminError, statusCode: 403));

        admin.MapGet("/users", () => Results.Json(state.Store.Snapshot().Select(ToView).ToList(), ctx.ListSandboxUserView));

        admin.MapPost("/users", async (HttpRequest request) =>
        {
            var input = await JsonSerializer.DeserializeAsync(request.Body, ctx.ListSandboxUserView, request.HttpContext.RequestAborted).ConfigureAwait(false);
            if (input is null)
            {
                return Results.Json(new AdminError("Body must be a JSON array of users."), ctx.AdminError, statusCode: 400);
            }

            lock (state.Store.Sync)
            {
                var problem = Check(input, state.Store);
                if (problem is not null)
                {
                    return Results.Json(new AdminError(problem), ctx.AdminError, statusCode: 409);
                }

                var added = input.Select(v => FromView(v, state.Store)).ToList();
                added.ForEach(state.Store.Add);
                return Results.Json(added.Select(ToView).ToList(), ctx.ListSandboxUserView, statusCode: 201);
            }
        });

        admin.MapPost("/reset", () =>
        {
            state.Reset();
            return Results.NoContent();
        });

        admin.MapGet("/faults", () => Results.Json(state.Faults.Settings, ctx.MoodleFaultSettings));

        admin.MapPut("/faults", async (HttpRequest request) =>
        {
            try
            {
                var settings = await JsonSerializer.DeserializeAsync(request.Body, ctx.MoodleFaultSettings, request.HttpContext.RequestAborted).ConfigureAwait(false)
                    ?? new MoodleFaultSettings();
                state.Faults.Apply(settings);
                return Results.Json(state.Faults.Settings, ctx.MoodleFaultSettings);
            }
            catch (Exception e) when (e is ArgumentException or JsonException)
            {
                return Results.Json(new AdminError(e.Message), ctx.AdminError, statusCode: 400);
            }
        });

        admin.MapGet("/settings", () => Results.Json(new SandboxSettings(state.Debug), ctx.SandboxSettings));

        admin.MapPut("/settings", async (HttpRequest request) =>
        {
            var settings = await JsonSerializer.DeserializeAsync(request.Body, ctx.SandboxSettings, request.HttpContext.RequestAborted).ConfigureAwait(false);
            state.Debug = settings?.Debug ?? false;
            return Results.Json(new SandboxSettings(state.Debug), ctx.SandboxSettings);
        });

        admin.MapGet("/stats", () => Results.Json(state.Stats.Snapshot(), ctx.StatsDto));

        admin.MapGet("/requests", () => Results.Json(state.Stats.Requests.ToList(), ctx.ListRecordedRequest));
    }

    private static string? Check(List<SandboxUserView> input, UserStore store)
    {
        var usernames = new HashSet<string>(StringComparer.Ordinal);
        var ids = new HashSet<long>();
        foreach (var v in input)
        {
            if (v.Username != ParamTypes.CleanUsername(v.Username) || v.Username.Length == 0)
            {
                return $"Username '{v.Username}' is not a valid Moodle username (lower case letters, digits, -._@).";
            }

            if (!usernames.Add(v.Username) || store.Rows.Any(u => u.Username == v.Username))
            {
                return $"Username '{v.Username}' already exists.";
            }

            if (v.Id is { } id && (!ids.Add(id) || store.Find(id) is not null))
            {
                return $"User id {id} already exists.";
            }
        }

        return null;
    }

    private static SandboxUser FromView(SandboxUserView v, UserStore store)
    {
        var now = store.Now;
        return new SandboxUser
        {
            Id = v.Id ?? store.TakeId(),
            Username = v.Username,
            // Absent JSON members arrive as null through the source-generated reader; Moodle stores empty strings.
            Auth = string.IsNullOrEmpty(v.Auth) ? "manual" : v.Auth,
            HasPassword = true,
            Suspended = v.Suspended,
            Deleted = v.Deleted,
            Confirmed = v.Confirmed,
            FirstName = v.Firstname ?? string.Empty,
            LastName = v.Lastname ?? string.Empty,
            Email = v.Email ?? string.Empty,
            IdNumber = v.Idnumber ?? string.Empty,
            Institution = v.Institution ?? string.Empty,
            Department = v.Department ?? string.Empty,
            City = v.City ?? string.Empty,
            Country = v.Country ?? string.Empty,
            Lang = string.IsNullOrEmpty(v.Lang) ? "en" : v.Lang,
            IsSiteAdmin = v.Siteadmin,
            ForcePasswordChange = v.Forcepasswordchange,
            TimeCreated = v.Timecreated == 0 ? now : v.Timecreated,
            TimeModified = v.Timemodified == 0 ? now : v.Timemodified,
            CustomFields = new Dictionary<string, string>(v.Customfields ?? [], StringComparer.Ordinal),
        };
    }

    private static SandboxUserView ToView(SandboxUser u) => new()
    {
        Id = u.Id,
        Username = u.Username,
        Auth = u.Auth,
        Suspended = u.Suspended,
        Deleted = u.Deleted,
        Confirmed = u.Confirmed,
        Firstname = u.FirstName,
        Lastname = u.LastName,
        Email = u.Email,
        Idnumber = u.IdNumber,
        Institution = u.Institution,
        Department = u.Department,
        City = u.City,
        Country = u.Country,
        Lang = u.Lang,
        Siteadmin = u.IsSiteAdmin,
        Forcepasswordchange = u.ForcePasswordChange,
        Timecreated = u.TimeCreated,
        Timemodified = u.TimeModified,
        Customfields = new Dictionary<string, string>(u.CustomFields, StringComparer.Ordinal),
    };
}
